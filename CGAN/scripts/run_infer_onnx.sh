#!/bin/bash
# Run the exported ONNX generator with ONNX Runtime and evaluate it as eval.py does.
# DEVICE_TARGET GPU uses the CUDA provider when onnxruntime-gpu provides it. Extra flags go to infer_onnx.py.
USAGE="bash run_infer_onnx.sh [ONNX_PATH] [DATA_PATH] [OUTPUT_PATH] [DEVICE_TARGET(CPU|GPU), default CPU] [infer_onnx.py flags...]"
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$SCRIPT_DIR/../../utils/scripts/common.sh"
[[ $# -ge 3 ]] || usage_error "expected ONNX_PATH, DATA_PATH and OUTPUT_PATH"
ONNX_PATH=$(real_path "$1"); DATA_PATH=$2; OUTPUT_PATH=$(real_path "$3"); DEVICE_TARGET=${4:-CPU}
shift $(( $# >= 4 ? 4 : 3 ))
require_file ONNX_PATH "$ONNX_PATH"
[[ "$DATA_PATH" == embedded ]] || { DATA_PATH=$(real_path "$DATA_PATH"); require_dir DATA_PATH "$DATA_PATH"; }
[[ "$DEVICE_TARGET" == CPU || "$DEVICE_TARGET" == GPU ]] || usage_error "DEVICE_TARGET must be CPU or GPU, got '$DEVICE_TARGET'"
run_logged "$OUTPUT_PATH/infer_onnx.log" "$PYTHON" "$SCRIPT_DIR/../infer_onnx.py" --device_target "$DEVICE_TARGET" \
  --onnx_path "$ONNX_PATH" --data_path "$DATA_PATH" --output_path "$OUTPUT_PATH" "$@"
grep '^parzen' "$OUTPUT_PATH/infer_onnx.log"
echo "done: results in $OUTPUT_PATH/infer_onnx"
