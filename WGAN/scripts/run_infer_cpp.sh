#!/bin/bash
# The reference's C++ inference command, on the same program as run_infer_310.sh: preprocess.py (if
# NEED_PREPROCESS is y) -> ascend310_infer/out/main -> postprocess.py, NIMAGES images in one batch of NIMAGES
# (export the generator with --nimages NIMAGES). MINDIR_PATH: WGAN.mindir for Ascend / GPU (MindSpore C++ API),
# WGAN.onnx for CPU (OpenVINO). Work folder: OUTPUT_PATH/infer_310 (env OUTPUT_PATH, default the current folder).
USAGE="bash run_infer_cpp.sh [MINDIR_PATH] [CONFIG_PATH] [NEED_PREPROCESS (y|n)] [NIMAGES] [DEVICE_TYPE (Ascend|GPU|CPU)] [DEVICE_ID, default 0] [flags...]  (env OUTPUT_PATH)"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 5 "MINDIR_PATH CONFIG_PATH NEED_PREPROCESS NIMAGES DEVICE_TYPE" "$@"
model=$(real_path "$1")
config=$(real_path "$2"); require_file CONFIG_PATH "$config"
[[ "$3" =~ ^(y|n)$ ]] || usage_error "NEED_PREPROCESS must be y or n, got '$3'"
require_positive_int NIMAGES "$4"
[[ "$5" =~ ^(Ascend|GPU|CPU)$ ]] || usage_error "DEVICE_TYPE must be Ascend, GPU or CPU, got '$5'"
device_id=0; rest=("${@:6}")
if [[ $# -ge 6 && "$6" != --* ]]; then device_id=$6; rest=("${@:7}"); fi
[[ "$5" == GPU ]] && device_id=0
[[ "$3" == n ]] && SKIP_PREPROCESS=1
infer_310 "$model" "$(real_path "${OUTPUT_PATH:-.}")" "$5" "$device_id" --config "$config" --nimages "$4" \
  --eval_batch_size "$4" --ms_ssim_pairs 0 --swd_images 0 "${rest[@]}"
