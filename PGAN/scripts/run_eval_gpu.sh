#!/bin/bash
# Evaluate an averaged-generator checkpoint on one GPU. The reference's form:
# [CKPT_PATH] [DEVICE_ID] [MEASURE_MSSIM (True|False)] [DATASET_DIR] (results under OUTPUT_PATH, env, default
# ./eval_output; SWD too); the zoo's form: [CKPT_PATH] [DATA_PATH] [OUTPUT_PATH] [DEVICE_ID]. Extra flags go
# to eval.py.
USAGE="bash run_eval_gpu.sh [CKPT_PATH] [DEVICE_ID] [MEASURE_MSSIM] [DATASET_DIR] | [CKPT_PATH] [DATA_PATH] [OUTPUT_PATH] [DEVICE_ID] [eval.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 4 "CKPT_PATH DEVICE_ID MEASURE_MSSIM DATASET_DIR" "$@"
if [[ "$3" =~ ^(True|False|true|false)$ ]]; then
  evaluate GPU "$1" "$4" "${OUTPUT_PATH:-eval_output}" "$2" --measure_ms_ssim "$3" "${@:5}"
fi
evaluate GPU "$@"
