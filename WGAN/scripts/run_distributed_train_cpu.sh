#!/bin/bash
# Data-parallel WGAN training on WORKER_NUM CPU workers started by msrun (gradients averaged over workers,
# data sharded by rank, checkpoints written by rank 0). Extra flags go to train.py.
USAGE="bash run_distributed_train_cpu.sh [DATA_PATH] [OUTPUT_PATH] [WORKER_NUM] [train.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
distributed_train CPU "$@"
