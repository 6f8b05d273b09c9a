#!/bin/bash
# Train BigGAN on the CPU (--chip cpu). Extra flags after the positional arguments go to train.py.
USAGE="bash run_standalone_train_cpu.sh [DATA_PATH] [OUTPUT_PATH] [train.py flags...]"
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$SCRIPT_DIR/../../utils/scripts/common.sh"
[[ $# -ge 2 ]] || usage_error "expected DATA_PATH and OUTPUT_PATH"
DATA_PATH=$(real_path "$1"); OUTPUT_PATH=$(real_path "$2"); shift 2
require_dir DATA_PATH "$DATA_PATH"
run_logged "$OUTPUT_PATH/train_console.log" "$PYTHON" "$SCRIPT_DIR/../train.py" --chip cpu \
  --data_path "$DATA_PATH" --output_path "$OUTPUT_PATH" "$@"
echo "done: checkpoints in $OUTPUT_PATH/ckpt, sample grids in $OUTPUT_PATH/images"
