#!/bin/bash
# Data-parallel PGAN training on DEVICE_NUM Ascend devices of one server described by a rank table
# (utils/hccl_tools/hccl_tools.py writes one). One process per device; extra flags go to train.py.
USAGE="bash run_distributed_train_ascend.sh [DATA_PATH] [OUTPUT_PATH] [RANK_TABLE_FILE] [DEVICE_NUM] [train.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
rank_table_train "$@"
