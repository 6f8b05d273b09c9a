#!/bin/bash
# C++ inference of the exported generator: preprocess.py -> ascend310_infer/out/main -> postprocess.py,
# evaluated as eval.py does. MODEL_PATH: CGAN.mindir for Ascend310 / Ascend310P / Ascend / GPU (MindSpore
# C++ API backend; set MINDSPORE_PATH and the Ascend toolkit environment, see utils/cpp_infer/README.md),
# CGAN.onnx for CPU (OpenVINO backend). Extra flags go to preprocess.py and postprocess.py (--output_path,
# --num_samples, --eval_batch_size = the exported batch, --eval_seed, --data_path, ...).
# Writes <output_path>/infer_310/: preprocess_Result/, result_Files/, time_Result/test_perform_static.txt,
# build.log, infer.log, <metric>.json and samples.png.
USAGE="bash run_infer_310.sh [MODEL_PATH] [DEVICE_TARGET(Ascend310|Ascend310P|Ascend|GPU|CPU), default Ascend310] [DEVICE_ID, default 0] [flags...]"
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$SCRIPT_DIR/../../utils/scripts/common.sh"
CGAN_DIR=$(dirname "$SCRIPT_DIR")
[[ $# -ge 1 && "$1" != --* ]] || usage_error "expected MODEL_PATH"
MODEL_PATH=$(real_path "$1"); DEVICE_TARGET=Ascend310; DEVICE_ID=0; shift
if [[ $# -gt 0 && "$1" != --* ]]; then DEVICE_TARGET=$1; shift; fi
if [[ $# -gt 0 && "$1" != --* ]]; then DEVICE_ID=$1; shift; fi
require_file MODEL_PATH "$MODEL_PATH"
case "$DEVICE_TARGET" in
  Ascend310|Ascend310P|Ascend|GPU) BACKEND=mindspore ;;
  CPU) BACKEND=openvino ;;
  *) usage_error "DEVICE_TARGET must be Ascend310, Ascend310P, Ascend, GPU or CPU, got '$DEVICE_TARGET'" ;;
esac
[[ "$DEVICE_ID" =~ ^[0-9]+$ ]] || usage_error "DEVICE_ID must be a non-negative integer, got '$DEVICE_ID'"

# An interpreter given by relative path must survive the cd (absolute, without resolving venv symlinks).
[[ "$PYTHON" != */* ]] || PYTHON=$(cd "$(dirname "$PYTHON")" && pwd)/$(basename "$PYTHON")
export PYTHON  # build.sh finds OpenVINO through it
# The run folder as the config resolves it; this also rejects bad flags before anything is built.
OUTPUT_PATH=$(cd "$CGAN_DIR" && "$PYTHON" -c 'import sys; from src.config import get_config
print(get_config(sys.argv[1:]).output_path)' "$@") || usage_error "invalid flags: $*"
OUTPUT_PATH=$(real_path "$OUTPUT_PATH")
WORK=$OUTPUT_PATH/infer_310

run_logged "$WORK/preprocess.log" "$PYTHON" "$CGAN_DIR/preprocess.py" "$@" --output_path "$OUTPUT_PATH"
run_logged "$WORK/build.log" bash "$CGAN_DIR/ascend310_infer/build.sh" "$BACKEND"
rm -rf "$WORK/result_Files" "$WORK/time_Result"
run_logged "$WORK/infer.log" "$CGAN_DIR/ascend310_infer/out/main" --model_path "$MODEL_PATH" \
  --device_target "$DEVICE_TARGET" --device_id "$DEVICE_ID" \
  --input0_path "$WORK/preprocess_Result/latent_code" --input1_path "$WORK/preprocess_Result/label" \
  --result_path "$WORK/result_Files" --time_file "$WORK/time_Result/test_perform_static.txt"
cat "$WORK/time_Result/test_perform_static.txt"
run_logged "$WORK/postprocess.log" "$PYTHON" "$CGAN_DIR/postprocess.py" "$@" --output_path "$OUTPUT_PATH"
grep '^parzen' "$WORK/postprocess.log"
echo "done: results in $WORK"
