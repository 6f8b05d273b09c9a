#!/bin/bash
# Evaluate a DCGAN checkpoint on the CPU: generate.png, samples.png, FID with --inception_pb, the D-feature
# SVM with --svm_data_path. DATA_PATH: the training image folder (FID's real images).
USAGE="bash run_eval_cpu.sh [CKPT_PATH] [DATA_PATH] [OUTPUT_PATH] [eval.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 3 "CKPT_PATH DATA_PATH OUTPUT_PATH" "$@"
evaluate CPU "$1" "$2" "$3" 0 "${@:4}"
