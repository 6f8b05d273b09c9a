#!/bin/bash
# Evaluate a DCGAN checkpoint on one Ascend device: generate.png, samples.png, FID with --inception_pb, the
# D-feature SVM with --svm_data_path. DATA_PATH: the training image folder (FID's real images).
USAGE="bash run_eval_ascend.sh [CKPT_PATH] [DATA_PATH] [OUTPUT_PATH] [DEVICE_ID] [eval.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 4 "CKPT_PATH DATA_PATH OUTPUT_PATH DEVICE_ID" "$@"
evaluate Ascend "$@"
