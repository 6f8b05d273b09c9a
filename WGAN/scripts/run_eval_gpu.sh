#!/bin/bash
# Evaluate a WGAN checkpoint on one GPU device: generated_<i>.png, samples.png, SWD and MS-SSIM (with the
# real-pairs baseline), FID with --inception_pb. DATA_PATH: the training data (LMDB, image folder or CIFAR-10).
USAGE="bash run_eval_gpu.sh [CKPT_PATH] [DATA_PATH] [OUTPUT_PATH] [DEVICE_ID] [eval.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 4 "CKPT_PATH DATA_PATH OUTPUT_PATH DEVICE_ID" "$@"
evaluate GPU "$@"
