#!/bin/bash
# Data-parallel CGAN training on WORKER_NUM CPU workers started by msrun (gradients averaged over workers,
# data sharded by rank, checkpoints written by rank 0). Extra flags go to train.py.
USAGE="bash run_distributed_train_cpu.sh [DATA_PATH] [OUTPUT_PATH] [WORKER_NUM] [train.py flags...]"
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$SCRIPT_DIR/../../utils/scripts/common.sh"
[[ $# -ge 3 ]] || usage_error "expected DATA_PATH, OUTPUT_PATH and WORKER_NUM"
DATA_PATH=$1; OUTPUT_PATH=$(real_path "$2"); WORKER_NUM=$3; shift 3
[[ "$DATA_PATH" == embedded ]] || { DATA_PATH=$(real_path "$DATA_PATH"); require_dir DATA_PATH "$DATA_PATH"; }
require_positive_int WORKER_NUM "$WORKER_NUM"
# The workers share this machine's cores: each gets its share for the CPU fast path's kernels, unless set.
CORES=$(nproc)
export ZOO_CPU_KERNEL_THREADS=${ZOO_CPU_KERNEL_THREADS:-$(( CORES > WORKER_NUM ? CORES / WORKER_NUM : 1 ))}
msrun_train CPU "$WORKER_NUM" "$OUTPUT_PATH/log/msrun" "$SCRIPT_DIR/../train.py" \
  --data_path "$DATA_PATH" --output_path "$OUTPUT_PATH" "$@"
echo "done: per-worker logs in $OUTPUT_PATH/log/msrun, checkpoints in $OUTPUT_PATH/ckpt"
