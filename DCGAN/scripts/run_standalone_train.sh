#!/bin/bash
# The reference README's command: train on one device, DEVICE_TARGET (default Ascend) and DEVICE_ID
# (default 0) from the environment as in the reference scripts. SAVE_PATH is the run folder (checkpoints
# in SAVE_PATH/ckpt). Extra flags go to train.py.
USAGE="bash run_standalone_train.sh [DATASET_PATH] [SAVE_PATH] [train.py flags...]  (env DEVICE_TARGET=Ascend|GPU|CPU, DEVICE_ID)"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 2 "DATASET_PATH SAVE_PATH" "$@"
case "${DEVICE_TARGET:=Ascend}" in
  CPU) standalone_train CPU "$@" ;;
  Ascend | GPU) standalone_train "$DEVICE_TARGET" "$1" "$2" "${DEVICE_ID:-0}" "${@:3}" ;;
  *) usage_error "DEVICE_TARGET must be Ascend, GPU or CPU, got '$DEVICE_TARGET'" ;;
esac
