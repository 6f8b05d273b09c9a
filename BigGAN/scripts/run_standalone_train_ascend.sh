#!/bin/bash
# Train BigGAN on one Ascend 910 device (--chip npu; TF 1.15 + npu_bridge, CANN environment sourced).
# Extra flags go to train.py (e.g. --precision_mode allow_mix_precision).
USAGE="bash run_standalone_train_ascend.sh [DATA_PATH] [OUTPUT_PATH] [DEVICE_ID] [train.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
standalone_train Ascend "$@"
