#!/bin/bash
# Evaluate a BigGAN checkpoint (--chip gpu): per-class grid, truncation sweep, IS and FID against cached
# statistics of the CIFAR-10 train split. INCEPTION_PB: classify_image_graph_def.pb (2015), or 'none' for
# grids only. Extra flags go to eval.py (e.g. --num_samples 50000 --truncation 0).
USAGE="bash run_eval_gpu.sh [CKPT_PATH] [DATA_PATH] [INCEPTION_PB|none] [OUTPUT_PATH] [DEVICE_ID] [eval.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 5 "CKPT_PATH DATA_PATH INCEPTION_PB OUTPUT_PATH DEVICE_ID" "$@"
metric_flags "$3"
evaluate GPU "$1" "$2" "$4" "$5" "${METRIC_FLAGS[@]}" "${@:6}"
