#!/bin/bash
# Train WGAN on one Ascend device. Extra flags after the positional arguments go to train.py (e.g. --epochs 5).
USAGE="bash run_standalone_train_ascend.sh [DATA_PATH] [OUTPUT_PATH] [DEVICE_ID] [train.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
standalone_train Ascend "$@"
