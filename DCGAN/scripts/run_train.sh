#!/bin/bash
# The reference README's command: 8-device Ascend training from a rank table (RANK_SIZE devices when set).
# Gradients are averaged over the devices. Extra flags go to train.py.
USAGE="bash run_train.sh [RANK_TABLE_FILE] [DATASET_PATH] [SAVE_PATH] [train.py flags...]  (env RANK_SIZE, default 8)"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 3 "RANK_TABLE_FILE DATASET_PATH SAVE_PATH" "$@"
rank_table_train "$2" "$3" "$1" "${RANK_SIZE:-8}" "${@:4}"
