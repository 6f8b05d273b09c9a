#!/bin/bash
# Offline inference of the exported generator: preprocess.py -> C++/Ascend program -> postprocess.py.
#   CPU      : builds ascend310_infer/ with the OpenVINO backend and runs MODEL_PATH (frozen .pb or .onnx).
#   Ascend310: converts the frozen .pb to .om with ATC (input_shape z:B,120;y:B,1 with B = --infer_batch)
#              and runs it with msame (CANN environment sourced; ATC_PRECISION_MODE, default force_fp16).
# Extra flags go to preprocess.py and postprocess.py (--infer_count, --infer_batch, --eval_seed,
# --truncation, --metrics "" or --inception_pb/--data_path for IS/FID).
# Writes to OUTPUT_PATH: z/, y/, result/, images/, samples.png, eval_metrics.jsonl,
# time_Result/test_perform_static.txt and the logs preprocess.log, build.log, infer.log, postprocess.log.
USAGE="bash run_infer_310.sh [MODEL_PATH] [OUTPUT_PATH] [DEVICE_TARGET(CPU|Ascend310), default CPU] [DEVICE_ID, default 0] [flags...]"
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$SCRIPT_DIR/../../utils/scripts/common.sh"
MODEL_DIR=$(dirname "$SCRIPT_DIR")
[[ $# -ge 2 && "$1" != --* && "$2" != --* ]] || usage_error "expected MODEL_PATH and OUTPUT_PATH"
MODEL_PATH=$(real_path "$1"); OUTPUT_PATH=$(real_path "$2"); DEVICE_TARGET=CPU; DEVICE_ID=0; shift 2
if [[ $# -gt 0 && "$1" != --* ]]; then DEVICE_TARGET=$1; shift; fi
if [[ $# -gt 0 && "$1" != --* ]]; then DEVICE_ID=$1; shift; fi
require_file MODEL_PATH "$MODEL_PATH"
[[ "$DEVICE_TARGET" == CPU || "$DEVICE_TARGET" == Ascend310 ]] || \
  usage_error "DEVICE_TARGET must be CPU or Ascend310, got '$DEVICE_TARGET'"
[[ "$DEVICE_ID" =~ ^[0-9]+$ ]] || usage_error "DEVICE_ID must be a non-negative integer, got '$DEVICE_ID'"

run_logged "$OUTPUT_PATH/preprocess.log" "$PYTHON" "$MODEL_DIR/preprocess.py" --infer_dir "$OUTPUT_PATH" "$@"
rm -rf "$OUTPUT_PATH/result" "$OUTPUT_PATH/time_Result"
if [[ "$DEVICE_TARGET" == CPU ]]; then
  PYTHON=$PYTHON run_logged "$OUTPUT_PATH/build.log" bash "$MODEL_DIR/ascend310_infer/build.sh" openvino
  run_logged "$OUTPUT_PATH/infer.log" "$MODEL_DIR/ascend310_infer/out/main" --model_path "$MODEL_PATH" \
    --z_path "$OUTPUT_PATH/z" --y_path "$OUTPUT_PATH/y" --result_path "$OUTPUT_PATH/result" \
    --time_file "$OUTPUT_PATH/time_Result/test_perform_static.txt"
  cat "$OUTPUT_PATH/time_Result/test_perform_static.txt"
else
  [[ "$MODEL_PATH" == *.pb ]] || usage_error "Ascend310 needs the frozen .pb (ATC converts it), got '$MODEL_PATH'"
  BATCH=$(ls "$OUTPUT_PATH/z" | head -n 1 | sed -E 's/^biggan_bs([0-9]+)_.*/\1/')
  run_logged "$OUTPUT_PATH/build.log" atc --model="$MODEL_PATH" --framework=3 --output="$OUTPUT_PATH/biggan_generator" \
    --soc_version=Ascend310 --input_shape="z:$BATCH,120;y:$BATCH,1" --out_nodes="output:0" \
    --precision_mode="${ATC_PRECISION_MODE:-force_fp16}"
  run_logged "$OUTPUT_PATH/infer.log" msame --model "$OUTPUT_PATH/biggan_generator.om" --device "$DEVICE_ID" \
    --input "$OUTPUT_PATH/z,$OUTPUT_PATH/y" --output "$OUTPUT_PATH/msame" --outfmt BIN
  mkdir -p "$OUTPUT_PATH/result"
  for f in "$OUTPUT_PATH"/msame/*/*_output_0.bin; do
    name=$(basename "$f" _output_0.bin); mv "$f" "$OUTPUT_PATH/result/${name}_0.bin"
  done
fi
run_logged "$OUTPUT_PATH/postprocess.log" "$PYTHON" "$MODEL_DIR/postprocess.py" --infer_dir "$OUTPUT_PATH" "$@"
grep -E '^(is|fid)[0-9]' "$OUTPUT_PATH/postprocess.log"
echo "done: images in $OUTPUT_PATH/images, grid $OUTPUT_PATH/samples.png"
