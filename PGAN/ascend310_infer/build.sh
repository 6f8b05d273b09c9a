#!/bin/bash
# Builds out/main (PGAN's generator on utils/cpp_infer). usage: bash build.sh [openvino|mindspore]
#   mindspore: MINDSPORE_PATH, else the installed MindSpore package with C++ headers (Ascend 310)
#   openvino : the openvino package of $PYTHON (default python3), or OpenVINO_DIR
HERE=$(cd "$(dirname "$0")" && pwd)
exec bash "$HERE/../../utils/cpp_infer/build_infer.sh" "$HERE" "${1:-openvino}"
