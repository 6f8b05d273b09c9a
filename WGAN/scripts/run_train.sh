#!/bin/bash
# The reference README's command: train on one device. DATASET: lsun (LMDB or exported folder), folder or
# cifar10; NOBN: True for the generator without BatchNorm. DEVICE_TARGET (default Ascend) from the environment;
# the run folder is OUTPUT_PATH (default ./samples, the reference's --experiment). Extra flags go to train.py.
USAGE="bash run_train.sh [DATASET] [DATAROOT] [DEVICE_ID] [NOBN (True|False)] [train.py flags...]  (env DEVICE_TARGET=Ascend|GPU|CPU, OUTPUT_PATH)"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 4 "DATASET DATAROOT DEVICE_ID NOBN" "$@"
[[ "$1" =~ ^(lsun|folder|cifar10)$ ]] || usage_error "DATASET must be lsun, folder or cifar10, got '$1'"
[[ "$4" =~ ^(True|False|true|false)$ ]] || usage_error "NOBN must be True or False, got '$4'"
reference_device "${DEVICE_TARGET:=Ascend}"
require_device_id "$3"
resolve_data_path "$2"
output_path=$(real_path "${OUTPUT_PATH:-samples}")
device_env "$DEVICE_TARGET" "$3"
device_flags "$DEVICE_TARGET" "$DEVICE_INDEX"
run_step "${STEP_ENV[@]}" "$PYTHON" "$MODEL_DIR/train.py" "${DEVICE_FLAGS[@]}" --dataset "$1" --dataroot "$DATA_PATH" \
  --noBN "$4" --experiment "$output_path" "${@:5}" || exit
finish "log $output_path/log/train_rank_0.log, checkpoints in $output_path/ckpt, grids in $output_path/images"
