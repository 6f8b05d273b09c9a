#!/bin/bash
# The reference README's command: NIMAGES generated images (generated_<i>.png) and their grid samples.png into
# OUTPUT_DIR/eval from the G checkpoint CKPT_FILE_PATH, G built from CONFIG_PATH (generator_config.json).
# DEVICE_TARGET (default Ascend) from the environment. Metrics are off as in the reference; extra flags go to
# eval.py (e.g. --data_path DIR --ms_ssim_pairs 10000 for SWD and MS-SSIM).
USAGE="bash run_eval.sh [DEVICE_ID] [CONFIG_PATH] [CKPT_FILE_PATH] [OUTPUT_DIR] [NIMAGES] [eval.py flags...]  (env DEVICE_TARGET=Ascend|GPU|CPU)"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 5 "DEVICE_ID CONFIG_PATH CKPT_FILE_PATH OUTPUT_DIR NIMAGES" "$@"
require_device_id "$1"
config=$(real_path "$2"); require_file CONFIG_PATH "$config"
ckpt=$(real_path "$3"); require_exists CKPT_FILE_PATH "$ckpt"
output_dir=$(real_path "$4")
require_positive_int NIMAGES "$5"
reference_device "${DEVICE_TARGET:=Ascend}"
device_env "$DEVICE_TARGET" "$1"
device_flags "$DEVICE_TARGET" "$DEVICE_INDEX"
run_step "${STEP_ENV[@]}" "$PYTHON" "$MODEL_DIR/eval.py" "${DEVICE_FLAGS[@]}" --config "$config" --ckpt_file "$ckpt" \
  --output_dir "$output_dir" --nimages "$5" --ms_ssim_pairs 0 --swd_images 0 "${@:6}" || exit
finish "$output_dir/eval"
