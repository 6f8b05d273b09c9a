#!/bin/bash
# Parzen evaluation of a generator checkpoint on the CPU. Extra flags go to eval.py (e.g. --protocol modelzoo).
USAGE="bash run_eval_cpu.sh [CKPT_PATH] [DATA_PATH] [OUTPUT_PATH] [eval.py flags...]"
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$SCRIPT_DIR/../../utils/scripts/common.sh"
[[ $# -ge 3 ]] || usage_error "expected CKPT_PATH, DATA_PATH and OUTPUT_PATH"
CKPT_PATH=$(real_path "$1"); DATA_PATH=$2; OUTPUT_PATH=$(real_path "$3"); shift 3
require_file CKPT_PATH "$CKPT_PATH"
[[ "$DATA_PATH" == embedded ]] || { DATA_PATH=$(real_path "$DATA_PATH"); require_dir DATA_PATH "$DATA_PATH"; }
run_logged "$OUTPUT_PATH/eval.log" "$PYTHON" "$SCRIPT_DIR/../eval.py" --device_target CPU \
  --ckpt_path "$CKPT_PATH" --data_path "$DATA_PATH" --output_path "$OUTPUT_PATH" "$@"
grep '^parzen' "$OUTPUT_PATH/eval.log"
echo "done: results in $OUTPUT_PATH/eval"
