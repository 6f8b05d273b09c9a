#!/bin/bash
# The reference's C++ inference command: preprocess.py (if NEED_PREPROCESS is y) -> ascend310_infer/out/main
# -> postprocess.py, NIMAGES images in one batch of NIMAGES (export with --num_images NIMAGES). MINDIR_PATH:
# PGAN.mindir runs on the Ascend 310 (MindSpore C++ API; env DEVICE_TARGET=Ascend|GPU for others), PGAN.onnx on
# the CPU (OpenVINO). Work folder OUTPUT_PATH/infer_310 (env OUTPUT_PATH, default the current folder):
# preprocess_Result/, result_Files/, time_Result/, generated_<i>.png, result.jpg. Extra flags go to
# preprocess.py and postprocess.py: --generator_config (default: the run folder's) and, for a MINDIR, the
# generator's --eval_scale unless OUTPUT_PATH/export holds its ONNX twin.
USAGE="bash run_infer_310.sh [MINDIR_PATH] [NEED_PREPROCESS (y|n)] [NIMAGES] [DEVICE_ID, default 0] [flags...]  (env OUTPUT_PATH, DEVICE_TARGET)"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 3 "MINDIR_PATH NEED_PREPROCESS NIMAGES" "$@"
model=$(real_path "$1")
[[ "$2" =~ ^(y|n)$ ]] || usage_error "NEED_PREPROCESS must be y or n, got '$2'"
require_positive_int NIMAGES "$3"
device_id=0; rest=("${@:4}")
if [[ $# -ge 4 && "$4" != --* ]]; then require_device_id "$4"; device_id=$4; rest=("${@:5}"); fi
target=${DEVICE_TARGET:-Ascend310}
[[ "$model" == *.onnx ]] && { target=CPU; rest=(--onnx_path "$model" "${rest[@]}"); }
[[ "$2" == n ]] && SKIP_PREPROCESS=1
infer_310 "$model" "$(real_path "${OUTPUT_PATH:-.}")" "$target" "$device_id" --num_images "$3" \
  --eval_batch_size "$3" --swd_images 0 "${rest[@]}"
