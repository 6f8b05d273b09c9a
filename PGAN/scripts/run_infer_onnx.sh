#!/bin/bash
# Run the exported ONNX generator with ONNX Runtime and evaluate it as eval.py does. The 4th argument is
# CPU or GPU, or the DEVICE_ID of a GPU (default CPU). Extra flags go to infer_onnx.py.
USAGE="bash run_infer_onnx.sh [ONNX_PATH] [DATA_PATH] [OUTPUT_PATH] [CPU|GPU|DEVICE_ID, default CPU] [infer_onnx.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
infer_onnx_script "$@"
