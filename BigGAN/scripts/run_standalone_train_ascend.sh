#!/bin/bash
# Train BigGAN on one Ascend 910 device (--chip npu; TF 1.15 + npu_bridge, CANN environment sourced).
# Extra flags go to train.py (e.g. --precision_mode allow_mix_precision).
USAGE="bash run_standalone_train_ascend.sh [DATA_PATH] [OUTPUT_PATH] [DEVICE_ID] [train.py flags...]"
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$SCRIPT_DIR/../../utils/scripts/common.sh"
[[ $# -ge 3 ]] || usage_error "expected DATA_PATH, OUTPUT_PATH and DEVICE_ID"
DATA_PATH=$(real_path "$1"); OUTPUT_PATH=$(real_path "$2"); DEVICE_ID=$3; shift 3
require_dir DATA_PATH "$DATA_PATH"
[[ "$DEVICE_ID" =~ ^[0-9]+$ ]] || usage_error "DEVICE_ID must be a device index, got '$DEVICE_ID'"
export ASCEND_DEVICE_ID=$DEVICE_ID DEVICE_ID=$DEVICE_ID RANK_ID=0 RANK_SIZE=1 JOB_ID=${JOB_ID:-10087}
run_logged "$OUTPUT_PATH/train_console.log" "$PYTHON" "$SCRIPT_DIR/../train.py" --chip npu \
  --data_path "$DATA_PATH" --output_path "$OUTPUT_PATH" "$@"
echo "done: checkpoints in $OUTPUT_PATH/ckpt, sample grids in $OUTPUT_PATH/images"
