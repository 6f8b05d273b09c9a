#!/bin/bash
# Evaluate a WGAN checkpoint on the CPU: generated_<i>.png, samples.png, SWD and MS-SSIM (with the
# real-pairs baseline), FID with --inception_pb. DATA_PATH: the training data (LMDB, image folder or CIFAR-10).
USAGE="bash run_eval_cpu.sh [CKPT_PATH] [DATA_PATH] [OUTPUT_PATH] [eval.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 3 "CKPT_PATH DATA_PATH OUTPUT_PATH" "$@"
evaluate CPU "$1" "$2" "$3" 0 "${@:4}"
