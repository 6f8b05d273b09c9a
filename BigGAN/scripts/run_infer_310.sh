#!/bin/bash
# Offline inference of the exported generator: preprocess.py -> C++/Ascend program -> postprocess.py.
#   CPU      : builds ascend310_infer/ with the OpenVINO backend and runs MODEL_PATH (frozen .pb or .onnx).
#   Ascend310: converts the frozen .pb to .om with ATC (input_shape z:B,120;y:B,1 with B = --infer_batch)
#              and runs it with msame (CANN environment sourced; ATC_PRECISION_MODE, default force_fp16).
# Extra flags go to preprocess.py and postprocess.py (--infer_count, --infer_batch, --eval_seed,
# --truncation, --metrics "" or --inception_pb/--data_path for IS/FID).
# Writes to OUTPUT_PATH: z/, y/, result/, images/, samples.png, the metrics,
# time_Result/test_perform_static.txt and build.log.
USAGE="bash run_infer_310.sh [MODEL_PATH] [OUTPUT_PATH] [DEVICE_TARGET (CPU|Ascend310), default CPU] [DEVICE_ID, default 0] [flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 2 "MODEL_PATH OUTPUT_PATH" "$@"
MODEL_PATH=$(real_path "$1"); OUTPUT_PATH=$(real_path "$2"); DEVICE_TARGET=CPU; DEVICE_ID=0; shift 2
if [[ $# -gt 0 && "$1" != --* ]]; then DEVICE_TARGET=$1; shift; fi
if [[ $# -gt 0 && "$1" != --* ]]; then DEVICE_ID=$1; shift; fi
[[ "$DEVICE_TARGET" == CPU || "$DEVICE_TARGET" == Ascend310 ]] || \
  usage_error "DEVICE_TARGET must be CPU or Ascend310, got '$DEVICE_TARGET'"
[[ "$DEVICE_TARGET" == CPU || "$MODEL_PATH" == *.pb ]] || \
  usage_error "Ascend310 needs the frozen .pb (ATC converts it), got '$MODEL_PATH'"
infer_310 "$MODEL_PATH" "$OUTPUT_PATH" "$DEVICE_TARGET" "$DEVICE_ID" "$@"
