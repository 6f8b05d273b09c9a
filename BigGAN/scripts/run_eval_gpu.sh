#!/bin/bash
# Evaluate a BigGAN checkpoint (--chip gpu): per-class grid, truncation sweep, IS and FID against cached
# statistics of the CIFAR-10 train split. INCEPTION_PB: classify_image_graph_def.pb (2015), or 'none' for
# grids only. Extra flags go to eval.py (e.g. --num_samples 50000 --truncation 0).
USAGE="bash run_eval_gpu.sh [CKPT_PATH] [DATA_PATH] [INCEPTION_PB|none] [OUTPUT_PATH] [DEVICE_ID] [eval.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/eval_common.sh"
[[ $# -ge 5 ]] || usage_error "expected CKPT_PATH, DATA_PATH, INCEPTION_PB, OUTPUT_PATH and DEVICE_ID"
require_device_index "$5"
export CUDA_VISIBLE_DEVICES=$5
run_biggan_eval gpu "${@:1:4}" "${@:6}"
