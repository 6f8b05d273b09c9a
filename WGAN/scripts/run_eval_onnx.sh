#!/bin/bash
# The reference README's ONNX command: N_IMAGES images from the exported ONNX generator with ONNX Runtime (CUDA
# provider for GPU when onnxruntime-gpu has it, else CPU) into OUTPUT_DIR/infer_onnx, G described by CONFIG.
# Metrics are off as in the reference; extra flags go to infer_onnx.py.
USAGE="bash run_eval_onnx.sh [ONNX_MODEL_PATH] [DEVICE_TARGET (GPU|CPU|Ascend, default GPU)] [N_IMAGES, default 1] [OUTPUT_DIR, default output_onnx] [CONFIG, default generator_config.json] [infer_onnx.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 1 "ONNX_MODEL_PATH" "$@"
model=$(real_path "$1"); require_file ONNX_MODEL_PATH "$model"
target=GPU; images=1; output_dir=output_onnx; config=$MODEL_DIR/generator_config.json
shift
for name in target images output_dir config; do
  if [[ $# -gt 0 && "$1" != --* ]]; then printf -v "$name" '%s' "$1"; shift; fi
done
reference_device "$target"
require_positive_int N_IMAGES "$images"
config=$(real_path "$config"); require_file CONFIG "$config"
run_step "$PYTHON" "$MODEL_DIR/infer_onnx.py" --device_target "$target" --onnx_path "$model" --nimages "$images" \
  --output_dir "$(real_path "$output_dir")" --config "$config" --ms_ssim_pairs 0 --swd_images 0 "$@" || exit
finish "$(real_path "$output_dir")/infer_onnx"
