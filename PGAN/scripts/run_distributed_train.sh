#!/bin/bash
# The reference's command: data-parallel training on the 8 Ascend devices of a rank table (written by
# utils/hccl_tools/hccl_tools.py) with a config file. The run folder is OUTPUT_PATH (env, default ./train);
# extra flags go to train.py.
USAGE="bash run_distributed_train.sh [DATASET_PATH] [RANK_TABLE_FILE] [CONFIG_PATH] [train.py flags...]  (env OUTPUT_PATH, DEVICE_NUM default 8)"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 3 "DATASET_PATH RANK_TABLE_FILE CONFIG_PATH" "$@"
require_config "$3"
rank_table_train "$1" "${OUTPUT_PATH:-train}" "$2" "${DEVICE_NUM:-8}" --config_path "$CONFIG" "${@:4}"
