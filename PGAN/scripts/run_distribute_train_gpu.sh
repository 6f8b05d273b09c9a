#!/bin/bash
# The reference's command: data-parallel training on 8 GPUs (msrun) with a config file. The run folder is
# OUTPUT_PATH (env, default ./logs); DEVICE_NUM (env) changes the GPU count. Extra flags go to train.py.
USAGE="bash run_distribute_train_gpu.sh [CONFIG_PATH] [DATASET_PATH] [train.py flags...]  (env OUTPUT_PATH, DEVICE_NUM default 8)"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 2 "CONFIG_PATH DATASET_PATH" "$@"
require_config "$1"
distributed_train GPU "$2" "${OUTPUT_PATH:-logs}" "${DEVICE_NUM:-8}" --config_path "$CONFIG" "${@:3}"
