#!/bin/bash
# Train WGAN on the CPU. Extra flags after the positional arguments go to train.py (e.g. --epochs 5).
USAGE="bash run_standalone_train_cpu.sh [DATA_PATH] [OUTPUT_PATH] [train.py flags...]  (DATA_PATH: LSUN LMDB, image folder or CIFAR-10 folder; --dataset)"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
standalone_train CPU "$@"
