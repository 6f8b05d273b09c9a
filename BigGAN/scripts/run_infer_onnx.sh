#!/bin/bash
# Run the exported ONNX generator with ONNX Runtime (CUDA provider when available, else CPU) and evaluate it
# as eval.py does. INCEPTION_PB: classify_image_graph_def.pb (2015), or 'none' for grids only.
# Extra flags go to infer_onnx.py (e.g. --num_samples 10000).
USAGE="bash run_infer_onnx.sh [ONNX_PATH] [DATA_PATH] [INCEPTION_PB|none] [OUTPUT_PATH] [infer_onnx.py flags...]"
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$SCRIPT_DIR/../../utils/scripts/common.sh"
[[ $# -ge 4 ]] || usage_error "expected ONNX_PATH, DATA_PATH, INCEPTION_PB and OUTPUT_PATH"
ONNX_PATH=$(real_path "$1"); DATA_PATH=$(real_path "$2"); INCEPTION_PB=$3; OUTPUT_PATH=$(real_path "$4"); shift 4
require_file ONNX_PATH "$ONNX_PATH"
require_dir DATA_PATH "$DATA_PATH"
if [[ "$INCEPTION_PB" == none ]]; then
  METRICS=(--metrics "")
else
  INCEPTION_PB=$(real_path "$INCEPTION_PB"); require_file INCEPTION_PB "$INCEPTION_PB"
  METRICS=(--inception_pb "$INCEPTION_PB")
fi
run_logged "$OUTPUT_PATH/infer_onnx.log" "$PYTHON" "$SCRIPT_DIR/../infer_onnx.py" --onnx_path "$ONNX_PATH" \
  --data_path "$DATA_PATH" --output_path "$OUTPUT_PATH" "${METRICS[@]}" "$@"
grep -E '^(is|fid)[0-9]' "$OUTPUT_PATH/infer_onnx.log"
echo "done: results in $OUTPUT_PATH/eval_metrics.jsonl, grids in $OUTPUT_PATH/images"
