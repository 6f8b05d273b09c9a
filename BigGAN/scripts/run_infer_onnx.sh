#!/bin/bash
# Run the exported ONNX generator with ONNX Runtime (CUDA provider when available, else CPU) and evaluate it
# as eval.py does. INCEPTION_PB: classify_image_graph_def.pb (2015), or 'none' for grids only.
# Extra flags go to infer_onnx.py (e.g. --num_samples 10000).
USAGE="bash run_infer_onnx.sh [ONNX_PATH] [DATA_PATH] [INCEPTION_PB|none] [OUTPUT_PATH] [infer_onnx.py flags...]"
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/eval_common.sh"
[[ $# -ge 4 ]] || usage_error "expected ONNX_PATH, DATA_PATH, INCEPTION_PB and OUTPUT_PATH"
ONNX_PATH=$(real_path "$1"); DATA_PATH=$(real_path "$2"); OUTPUT_PATH=$(real_path "$4")
require_file ONNX_PATH "$ONNX_PATH"
require_dir DATA_PATH "$DATA_PATH"
set_metric_flags "$3"
shift 4
run_logged "$OUTPUT_PATH/infer_onnx.log" "$PYTHON" "$SCRIPT_DIR/../infer_onnx.py" --onnx_path "$ONNX_PATH" \
  --data_path "$DATA_PATH" --output_path "$OUTPUT_PATH" "${METRIC_FLAGS[@]}" "$@"
grep -E '^(is|fid)[0-9]' "$OUTPUT_PATH/infer_onnx.log"
echo "done: results in $OUTPUT_PATH/eval_metrics.jsonl, grids in $OUTPUT_PATH/images"
