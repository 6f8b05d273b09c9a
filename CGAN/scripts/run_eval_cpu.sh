#!/bin/bash
# Parzen evaluation of a generator checkpoint on the CPU. Extra flags go to eval.py (e.g. --protocol modelzoo).
USAGE="bash run_eval_cpu.sh [CKPT_PATH] [DATA_PATH] [OUTPUT_PATH] [eval.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 3 "CKPT_PATH DATA_PATH OUTPUT_PATH" "$@"
evaluate CPU "$1" "$2" "$3" 0 "${@:4}"
