#!/bin/bash
# Parzen evaluation of a generator checkpoint on one Ascend device. Extra flags go to eval.py.
USAGE="bash run_eval_ascend.sh [G_CKPT_PATH] [DATA_PATH] [OUTPUT_PATH] [DEVICE_ID] [eval.py flags...]"
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$SCRIPT_DIR/../../utils/scripts/common.sh"
[[ $# -ge 4 ]] || usage_error "expected G_CKPT_PATH, DATA_PATH, OUTPUT_PATH and DEVICE_ID"
G_CKPT_PATH=$(real_path "$1"); DATA_PATH=$2; OUTPUT_PATH=$(real_path "$3"); DEVICE_ID=$4; shift 4
require_file G_CKPT_PATH "$G_CKPT_PATH"
[[ "$DATA_PATH" == embedded ]] || { DATA_PATH=$(real_path "$DATA_PATH"); require_dir DATA_PATH "$DATA_PATH"; }
[[ "$DEVICE_ID" =~ ^[0-9]+$ ]] || usage_error "DEVICE_ID must be a device index, got '$DEVICE_ID'"
run_logged "$OUTPUT_PATH/eval.log" "$PYTHON" "$SCRIPT_DIR/../eval.py" --device_target Ascend \
  --device_id "$DEVICE_ID" --G_ckpt_path "$G_CKPT_PATH" --data_path "$DATA_PATH" --output_path "$OUTPUT_PATH" "$@"
grep '^parzen' "$OUTPUT_PATH/eval.log"
echo "done: results in $OUTPUT_PATH/eval"
