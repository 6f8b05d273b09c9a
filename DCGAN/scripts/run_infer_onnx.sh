#!/bin/bash
# Run the exported ONNX generator with ONNX Runtime and evaluate it as eval.py does. The 4th argument is
# CPU or GPU, or the DEVICE_ID of a GPU (the CUDA provider when onnxruntime-gpu has it); default CPU.
# DATA_PATH: the training image folder (FID's real images). Extra flags go to infer_onnx.py.
USAGE="bash run_infer_onnx.sh [ONNX_PATH] [DATA_PATH] [OUTPUT_PATH] [CPU|GPU|DEVICE_ID, default CPU] [infer_onnx.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 3 "ONNX_PATH DATA_PATH OUTPUT_PATH" "$@"
case "${4:-}" in
  "" | --*) infer_onnx CPU "$1" "$2" "$3" 0 "${@:4}" ;;
  CPU | GPU) infer_onnx "$4" "$1" "$2" "$3" 0 "${@:5}" ;;
  *) [[ "$4" =~ ^[0-9]+$ ]] || usage_error "the 4th argument must be CPU, GPU or a GPU's DEVICE_ID, got '$4'"
     infer_onnx GPU "$@" ;;
esac
