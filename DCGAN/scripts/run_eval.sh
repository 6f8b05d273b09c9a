#!/bin/bash
# The reference README's command: generate.png (4×4 samples) into IMG_URL from the checkpoint CKPT_URL (a
# G.ckpt, a step folder or a run folder), on DEVICE_TARGET (default Ascend) / DEVICE_ID (default 0) from
# the environment. Other results go to IMG_URL/eval. Extra flags go to eval.py.
USAGE="bash run_eval.sh [IMG_URL] [CKPT_URL] [eval.py flags...]  (env DEVICE_TARGET=Ascend|GPU|CPU, DEVICE_ID)"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 2 "IMG_URL CKPT_URL" "$@"
IMG_URL=$(real_path "$1")
ckpt_path=$(real_path "$2")
require_exists CKPT_URL "$ckpt_path"
[[ "${DEVICE_TARGET:=Ascend}" =~ ^(Ascend|GPU|CPU)$ ]] || usage_error "DEVICE_TARGET must be Ascend, GPU or CPU, got '$DEVICE_TARGET'"
device_env "$DEVICE_TARGET" "${DEVICE_ID:-0}"
device_flags "$DEVICE_TARGET" "$DEVICE_INDEX"
run_step "${STEP_ENV[@]}" "$PYTHON" "$MODEL_DIR/eval.py" "${DEVICE_FLAGS[@]}" --ckpt_path "$ckpt_path" \
  --img_url "$IMG_URL" --output_path "$IMG_URL" "${@:3}" || exit
finish "$IMG_URL/generate.png"
