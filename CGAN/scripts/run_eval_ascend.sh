#!/bin/bash
# Parzen evaluation of a generator checkpoint on one Ascend device. Extra flags go to eval.py.
USAGE="bash run_eval_ascend.sh [G_CKPT_PATH] [DATA_PATH] [OUTPUT_PATH] [DEVICE_ID] [eval.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/device_runs.sh"
eval_on_device Ascend "$@"
