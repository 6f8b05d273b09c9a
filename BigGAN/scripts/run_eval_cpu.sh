#!/bin/bash
# Evaluate a BigGAN checkpoint (--chip cpu): per-class grid, truncation sweep, IS and FID against cached
# statistics of the CIFAR-10 train split. INCEPTION_PB: classify_image_graph_def.pb (2015), or 'none' for
# grids only. Extra flags go to eval.py (e.g. --num_samples 50000 --truncation 0).
USAGE="bash run_eval_cpu.sh [CKPT_PATH] [DATA_PATH] [INCEPTION_PB|none] [OUTPUT_PATH] [eval.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 4 "CKPT_PATH DATA_PATH INCEPTION_PB OUTPUT_PATH" "$@"
metric_flags "$3"
evaluate CPU "$1" "$2" "$4" 0 "${METRIC_FLAGS[@]}" "${@:5}"
