#!/bin/bash
# Data-parallel PGAN training on WORKER_NUM CPU workers started by msrun. Extra flags go to train.py.
USAGE="bash run_distributed_train_cpu.sh [DATA_PATH] [OUTPUT_PATH] [WORKER_NUM] [train.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
distributed_train CPU "$@"
