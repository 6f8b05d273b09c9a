#!/bin/bash
# C++ inference of the exported CGAN generator: preprocess.py -> ascend310_infer/out/main -> postprocess.py.
# usage: bash run_infer_310.sh MODEL_PATH [DEVICE_TARGET] [DEVICE_ID] [--key value ...]
#   MODEL_PATH     CGAN.mindir for Ascend310 / Ascend310P / Ascend / GPU (MindSpore C++ API backend),
#                  CGAN.onnx for CPU (OpenVINO backend)
#   DEVICE_TARGET  Ascend310 (default), Ascend310P, Ascend, GPU or CPU
#   DEVICE_ID      default 0
#   --key value    config overrides for preprocess.py / postprocess.py, as for eval.py (--output_path,
#                  --num_samples, --eval_batch_size = the exported batch, --eval_seed, --data_path, ...)
# Writes <output_path>/infer_310/: preprocess_Result/, result_Files/, time_Result/test_perform_static.txt,
# build.log, infer.log, <metric>.json and samples.png.
# Environment: PYTHON (default python3); MINDSPORE_PATH for the MindSpore backend (see
# utils/cpp_infer/README.md for the Ascend toolkit variables).
set -u

fail() {
  echo "error: $*" >&2
  exit 1
}

if [ $# -lt 1 ] || [[ "$1" == --* ]]; then
  echo "usage: bash run_infer_310.sh MODEL_PATH [DEVICE_TARGET] [DEVICE_ID] [--key value ...]" >&2
  exit 1
fi
MODEL_PATH=$1
DEVICE_TARGET=Ascend310
DEVICE_ID=0
shift
if [ $# -gt 0 ] && [[ "$1" != --* ]]; then DEVICE_TARGET=$1; shift; fi
if [ $# -gt 0 ] && [[ "$1" != --* ]]; then DEVICE_ID=$1; shift; fi
PY=${PYTHON:-python3}
CGAN_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

[ -f "$MODEL_PATH" ] || fail "model file $MODEL_PATH does not exist (export it with export.py)"
MODEL_PATH=$(cd "$(dirname "$MODEL_PATH")" && pwd)/$(basename "$MODEL_PATH")
case "$DEVICE_TARGET" in
  Ascend310|Ascend310P|Ascend|GPU) BACKEND=mindspore ;;
  CPU) BACKEND=openvino ;;
  *) fail "unknown DEVICE_TARGET '$DEVICE_TARGET' (expected Ascend310, Ascend310P, Ascend, GPU or CPU)" ;;
esac
[[ "$DEVICE_ID" =~ ^[0-9]+$ ]] || fail "DEVICE_ID must be a non-negative integer, got '$DEVICE_ID'"

# The run folder as the config resolves it (this also rejects bad --key value overrides early).
OUTPUT_PATH=$(cd "$CGAN_DIR" && "$PY" -c 'import sys; from src.config import get_config
print(get_config(sys.argv[1:]).output_path)' "$@") || fail "invalid configuration overrides: $*"
case "$OUTPUT_PATH" in /*) ;; *) OUTPUT_PATH=$PWD/$OUTPUT_PATH ;; esac
WORK=$OUTPUT_PATH/infer_310
mkdir -p "$WORK" || fail "cannot create $WORK"

"$PY" "$CGAN_DIR/preprocess.py" "$@" --output_path "$OUTPUT_PATH" || fail "preprocess.py failed"

PYTHON=$PY bash "$CGAN_DIR/ascend310_infer/build.sh" "$BACKEND" > "$WORK/build.log" 2>&1 \
  || fail "building ascend310_infer ($BACKEND backend) failed, see $WORK/build.log"

rm -rf "$WORK/result_Files" "$WORK/time_Result"
"$CGAN_DIR/ascend310_infer/out/main" --model_path "$MODEL_PATH" --device_target "$DEVICE_TARGET" \
  --device_id "$DEVICE_ID" --input0_path "$WORK/preprocess_Result/latent_code" \
  --input1_path "$WORK/preprocess_Result/label" --result_path "$WORK/result_Files" \
  --time_file "$WORK/time_Result/test_perform_static.txt" > "$WORK/infer.log" 2>&1 \
  || fail "inference failed ($(tail -n 1 "$WORK/infer.log")), see $WORK/infer.log"
cat "$WORK/time_Result/test_perform_static.txt"

"$PY" "$CGAN_DIR/postprocess.py" "$@" --output_path "$OUTPUT_PATH" || fail "postprocess.py failed"
