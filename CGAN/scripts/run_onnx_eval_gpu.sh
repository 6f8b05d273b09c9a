#!/bin/bash
# The reference README's name for ONNX inference on one GPU: run_infer_onnx.sh with a DEVICE_ID.
USAGE="bash run_onnx_eval_gpu.sh [ONNX_PATH] [DATA_PATH] [OUTPUT_PATH] [DEVICE_ID] [infer_onnx.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 4 "ONNX_PATH DATA_PATH OUTPUT_PATH DEVICE_ID" "$@"
infer_onnx GPU "$@"
