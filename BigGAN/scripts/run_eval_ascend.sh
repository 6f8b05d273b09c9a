#!/bin/bash
# Evaluate a BigGAN checkpoint (--chip npu): per-class grid, truncation sweep, IS and FID against cached
# statistics of the CIFAR-10 train split. INCEPTION_PB: classify_image_graph_def.pb (2015), or 'none' for
# grids only. Extra flags go to eval.py (e.g. --num_samples 50000 --truncation 0).
USAGE="bash run_eval_ascend.sh [CKPT_PATH] [DATA_PATH] [INCEPTION_PB|none] [OUTPUT_PATH] [DEVICE_ID] [eval.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/eval_common.sh"
[[ $# -ge 5 ]] || usage_error "expected CKPT_PATH, DATA_PATH, INCEPTION_PB, OUTPUT_PATH and DEVICE_ID"
require_device_index "$5"
export ASCEND_DEVICE_ID=$5 DEVICE_ID=$5 RANK_ID=0 RANK_SIZE=1
run_biggan_eval npu "${@:1:4}" "${@:6}"
