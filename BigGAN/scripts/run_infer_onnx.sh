#!/bin/bash
# Run the exported ONNX generator with ONNX Runtime (CUDA provider when available, else CPU) and evaluate it
# as eval.py does. INCEPTION_PB: classify_image_graph_def.pb (2015), or 'none' for grids only.
# Extra flags go to infer_onnx.py (e.g. --num_samples 10000).
USAGE="bash run_infer_onnx.sh [ONNX_PATH] [DATA_PATH] [INCEPTION_PB|none] [OUTPUT_PATH] [infer_onnx.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 4 "ONNX_PATH DATA_PATH INCEPTION_PB OUTPUT_PATH" "$@"
metric_flags "$3"
infer_onnx CPU "$1" "$2" "$4" 0 "${METRIC_FLAGS[@]}" "${@:5}"
