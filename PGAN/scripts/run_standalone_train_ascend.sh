#!/bin/bash
# Train PGAN on one Ascend device. Extra flags after the positional arguments go to train.py (e.g. --config_path gpu_config.yaml).
USAGE="bash run_standalone_train_ascend.sh [DATA_PATH] [OUTPUT_PATH] [DEVICE_ID] [train.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
standalone_train Ascend "$@"
