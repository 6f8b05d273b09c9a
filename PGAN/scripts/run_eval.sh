#!/bin/bash
# The reference's command: evaluate an averaged-generator checkpoint on one Ascend device (DEVICE_TARGET env
# overrides): img_eval/result.jpg and the single images, no metrics unless flags ask (e.g. --measure_ms_ssim
# true --original_img_dir DIR). Results under OUTPUT_PATH (env, default ./eval_output). Extra flags go to eval.py.
USAGE="bash run_eval.sh [CKPT_PATH] [DEVICE_ID] [eval.py flags...]  (env DEVICE_TARGET=Ascend|GPU|CPU, OUTPUT_PATH)"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 2 "CKPT_PATH DEVICE_ID" "$@"
ckpt=$(real_path "$1"); require_exists CKPT_PATH "$ckpt"
require_device_id "$2"
target=${DEVICE_TARGET:-Ascend}
[[ "$target" =~ ^(Ascend|GPU|CPU)$ ]] || usage_error "DEVICE_TARGET must be Ascend, GPU or CPU, got '$target'"
output_path=$(real_path "${OUTPUT_PATH:-eval_output}")
device_env "$target" "$2"
device_flags "$target" "$DEVICE_INDEX"
run_step "${STEP_ENV[@]}" "$PYTHON" "$MODEL_DIR/eval.py" "${DEVICE_FLAGS[@]}" --checkpoint_g "$ckpt" \
  --output_path "$output_path" --swd_images 0 "${@:3}" || exit
finish "images in $output_path/img_eval"
