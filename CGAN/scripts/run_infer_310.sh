#!/bin/bash
# C++ inference of the exported generator: preprocess.py -> ascend310_infer/out/main -> postprocess.py,
# evaluated as eval.py does. MODEL_PATH: CGAN.mindir for Ascend310 / Ascend310P / Ascend / GPU (MindSpore
# C++ API backend; set MINDSPORE_PATH or MS_LITE_HOME and the Ascend toolkit environment, see
# utils/cpp_infer/README.md), CGAN.onnx for CPU (OpenVINO backend). The 2nd argument is a DEVICE_TARGET, or,
# as in the reference, the DATA_PATH to score against (then the target follows the model: .onnx CPU, else
# Ascend310). Extra flags go to preprocess.py and postprocess.py (--output_path, --num_samples,
# --eval_batch_size = the exported batch, --eval_seed, --data_path, ...). Writes <output_path>/infer_310/:
# preprocess_Result/, result_Files/, time_Result/test_perform_static.txt, build.log, <metric>.json, samples.png.
USAGE="bash run_infer_310.sh [MODEL_PATH] [DEVICE_TARGET (Ascend310|Ascend310P|Ascend|GPU|CPU, default Ascend310) or DATA_PATH] [DEVICE_ID, default 0] [flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
expect_args 1 "MODEL_PATH" "$@"
MODEL_PATH=$(real_path "$1"); DEVICE_TARGET=Ascend310; DEVICE_ID=0; shift
if [[ $# -gt 0 && "$1" != --* ]]; then
  case "$1" in
    Ascend310 | Ascend310P | Ascend | GPU | CPU) DEVICE_TARGET=$1 ;;
    *) [[ "$1" == embedded || -d "$1" ]] || usage_error "the 2nd argument must be a DEVICE_TARGET (Ascend310, \
Ascend310P, Ascend, GPU or CPU) or the DATA_PATH folder, got '$1'"
       resolve_data_path "$1"
       set -- "$@" --data_path "$DATA_PATH"
       [[ "$MODEL_PATH" == *.onnx ]] && DEVICE_TARGET=CPU ;;
  esac
  shift
fi
if [[ $# -gt 0 && "$1" != --* ]]; then DEVICE_ID=$1; shift; fi
OUTPUT_PATH=$(config_value preprocess.py output_path "$@") || exit 1
infer_310 "$MODEL_PATH" "$(real_path "$OUTPUT_PATH")" "$DEVICE_TARGET" "$DEVICE_ID" "$@"
