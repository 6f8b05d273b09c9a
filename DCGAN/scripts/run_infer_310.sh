#!/bin/bash
# C++ inference of the exported generator: preprocess.py -> ascend310_infer/out/main -> postprocess.py,
# evaluated as eval.py does. MODEL_PATH: dcgan.mindir for Ascend310 / Ascend310P / Ascend / GPU (MindSpore
# C++ API backend; see utils/cpp_infer/README.md), dcgan.onnx for CPU (OpenVINO backend). Extra flags go to
# preprocess.py and postprocess.py (--output_path, --eval_batch_size = the exported batch, --eval_seed,
# --num_samples ...). Writes <output_path>/infer_310/: preprocess_Result/, result_Files/, time_Result/,
# build.log, generate.png, samples.png.
USAGE="bash run_infer_310.sh [MODEL_PATH] [DEVICE_TARGET (Ascend310|Ascend310P|Ascend|GPU|CPU, default Ascend310)] [DEVICE_ID, default 0] [flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
infer_310_script "$@"
