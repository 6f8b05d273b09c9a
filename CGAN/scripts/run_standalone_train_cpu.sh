#!/bin/bash
# Train CGAN on the CPU. Extra flags after the positional arguments go to train.py (e.g. --epochs 5).
USAGE="bash run_standalone_train_cpu.sh [DATA_PATH] [OUTPUT_PATH] [train.py flags...]  (DATA_PATH: MNIST IDX folder or 'embedded')"
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$SCRIPT_DIR/../../utils/scripts/common.sh"
[[ $# -ge 2 ]] || usage_error "expected DATA_PATH and OUTPUT_PATH"
DATA_PATH=$1; OUTPUT_PATH=$(real_path "$2"); shift 2
[[ "$DATA_PATH" == embedded ]] || { DATA_PATH=$(real_path "$DATA_PATH"); require_dir DATA_PATH "$DATA_PATH"; }
run_logged "$OUTPUT_PATH/train.log" "$PYTHON" "$SCRIPT_DIR/../train.py" --device_target CPU \
  --data_path "$DATA_PATH" --output_path "$OUTPUT_PATH" "$@"
echo "done: checkpoints in $OUTPUT_PATH/ckpt, sample grids in $OUTPUT_PATH/images"
