#!/bin/bash
# Data-parallel PGAN training on DEVICE_NUM GPUs started by msrun (gradients averaged over workers, data
# sharded by rank, checkpoints written by rank 0); [CUDA_VISIBLE_DEVICES] may come before DEVICE_NUM. Extra
# flags go to train.py.
USAGE="bash run_distributed_train_gpu.sh [DATA_PATH] [OUTPUT_PATH] [CUDA_VISIBLE_DEVICES (optional, e.g. 0,1,2,3)] [DEVICE_NUM] [train.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
distributed_train GPU "$@"
