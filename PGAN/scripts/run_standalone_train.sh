#!/bin/bash
# The reference's command: train on one Ascend device with a config file (910_config.yaml). The run folder
# is OUTPUT_PATH (env, default ./train); extra flags go to train.py.
USAGE="bash run_standalone_train.sh [DATASET_PATH] [DEVICE_ID] [CONFIG_PATH] [train.py flags...]  (env OUTPUT_PATH, default ./train)"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 3 "DATASET_PATH DEVICE_ID CONFIG_PATH" "$@"
require_config "$3"
standalone_train Ascend "$1" "${OUTPUT_PATH:-train}" "$2" --config_path "$CONFIG" "${@:4}"
