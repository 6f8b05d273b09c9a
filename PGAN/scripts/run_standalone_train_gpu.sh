#!/bin/bash
# Train PGAN on one GPU. The reference's form gives a config file first: [CONFIG_PATH] [DATASET_PATH] (run
# folder OUTPUT_PATH, env, default ./logs; device 0); the zoo's form [DATA_PATH] [OUTPUT_PATH] [DEVICE_ID].
# Extra flags go to train.py.
USAGE="bash run_standalone_train_gpu.sh [CONFIG_PATH] [DATASET_PATH] | [DATA_PATH] [OUTPUT_PATH] [DEVICE_ID] [train.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
if [[ "${1:-}" =~ \.ya?ml$ ]]; then
  expect_args 2 "CONFIG_PATH DATASET_PATH" "$@"
  require_config "$1"
  standalone_train GPU "$2" "${OUTPUT_PATH:-logs}" 0 --config_path "$CONFIG" "${@:3}"
fi
standalone_train GPU "$@"
