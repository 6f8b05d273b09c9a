#!/bin/bash
# Evaluate an averaged-generator checkpoint on the CPU: img_eval/result.jpg, SWD against DATA_PATH and, with
# --measure_ms_ssim true, MS-SSIM by the paper's and the reference's protocols. Extra flags go to eval.py.
USAGE="bash run_eval_cpu.sh [CKPT_PATH] [DATA_PATH] [OUTPUT_PATH] [eval.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 3 "CKPT_PATH DATA_PATH OUTPUT_PATH" "$@"
evaluate CPU "$1" "$2" "$3" 0 "${@:4}"
