#!/bin/bash
# Parzen evaluation of a generator checkpoint on one Ascend device. Extra flags go to eval.py.
USAGE="bash run_eval_ascend.sh [CKPT_PATH] [DATA_PATH] [OUTPUT_PATH] [DEVICE_ID] [eval.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 4 "CKPT_PATH DATA_PATH OUTPUT_PATH DEVICE_ID" "$@"
evaluate Ascend "$@"
