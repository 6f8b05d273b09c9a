#!/bin/bash
# Train BigGAN on one GPU (--chip gpu, CUDA_VISIBLE_DEVICES=DEVICE_ID). Extra flags go to train.py.
USAGE="bash run_standalone_train_gpu.sh [DATA_PATH] [OUTPUT_PATH] [DEVICE_ID] [train.py flags...]"
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$SCRIPT_DIR/../../utils/scripts/common.sh"
[[ $# -ge 3 ]] || usage_error "expected DATA_PATH, OUTPUT_PATH and DEVICE_ID"
DATA_PATH=$(real_path "$1"); OUTPUT_PATH=$(real_path "$2"); DEVICE_ID=$3; shift 3
require_dir DATA_PATH "$DATA_PATH"
[[ "$DEVICE_ID" =~ ^[0-9]+$ ]] || usage_error "DEVICE_ID must be a device index, got '$DEVICE_ID'"
export CUDA_VISIBLE_DEVICES=$DEVICE_ID
run_logged "$OUTPUT_PATH/train_console.log" "$PYTHON" "$SCRIPT_DIR/../train.py" --chip gpu \
  --data_path "$DATA_PATH" --output_path "$OUTPUT_PATH" "$@"
echo "done: checkpoints in $OUTPUT_PATH/ckpt, sample grids in $OUTPUT_PATH/images"
