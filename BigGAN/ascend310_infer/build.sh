#!/bin/bash
# Builds out/main. usage: bash build.sh [openvino|mindspore]   (default openvino)
#   openvino : the openvino package of $PYTHON (default python3), or OpenVINO_DIR
#   mindspore: MINDSPORE_PATH, else the installed MindSpore package with C++ headers
HERE=$(cd "$(dirname "$0")" && pwd)
exec bash "$HERE/../../utils/cpp_infer/build_infer.sh" "$HERE" "${1:-openvino}"
