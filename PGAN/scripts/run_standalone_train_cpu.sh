#!/bin/bash
# Train PGAN on the CPU. Extra flags after the positional arguments go to train.py (e.g. --config_path gpu_config.yaml).
USAGE="bash run_standalone_train_cpu.sh [DATA_PATH] [OUTPUT_PATH] [train.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
standalone_train CPU "$@"
