#!/bin/bash
# Configures and builds a CMake project that uses cpp_infer.cmake, out of source.
#   bash build_infer.sh SOURCE_DIR [openvino|mindspore] [BUILD_DIR]
# SOURCE_DIR: a model's ascend310_infer/ (or utils/cpp_infer itself). BUILD_DIR default: SOURCE_DIR/out.
# openvino : OpenVINO_DIR, else the cmake dir of the `openvino` package of $PYTHON (default python3).
# mindspore: MINDSPORE_PATH (or MS_LITE_HOME: the Lite tarball, runtime/ inside), else the installed
#            `mindspore` Python package when it ships include/api (MindSpore for Ascend 310); see
#            fetch_mindspore_lite.sh for compile-only headers.
# JOBS: parallel compile jobs (default 2).
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 3 ]; then
  echo "usage: bash build_infer.sh SOURCE_DIR [openvino|mindspore] [BUILD_DIR]" >&2
  exit 2
fi
SOURCE_DIR=$(cd "$1" && pwd)
BACKEND=${2:-openvino}
BUILD_DIR=${3:-$SOURCE_DIR/out}
PYTHON=${PYTHON:-python3}
if [ ! -f "$SOURCE_DIR/CMakeLists.txt" ]; then
  echo "error: $SOURCE_DIR has no CMakeLists.txt" >&2
  exit 1
fi

case "$BACKEND" in
  openvino)
    if [ -z "${OpenVINO_DIR:-}" ]; then
      OpenVINO_DIR=$("$PYTHON" -c 'import os, openvino; print(os.path.join(os.path.dirname(openvino.__file__), "cmake"))' \
        2>/dev/null) || {
        echo "error: $PYTHON cannot import openvino; activate the zoo's virtual environment, set PYTHON, or set OpenVINO_DIR" >&2
        exit 1
      }
    fi
    BACKEND_ARGS=(-DBACKEND=openvino "-DOpenVINO_DIR=$OpenVINO_DIR")
    ;;
  mindspore)
    # MS_LITE_HOME (the MindSpore Lite guide's name: the unpacked tarball, whose runtime/ holds include/ and lib/)
    if [ -z "${MINDSPORE_PATH:-}" ] && [ -n "${MS_LITE_HOME:-}" ]; then
      MINDSPORE_PATH=$MS_LITE_HOME/runtime
      [ -d "$MINDSPORE_PATH" ] || MINDSPORE_PATH=$MS_LITE_HOME
    fi
    if [ -z "${MINDSPORE_PATH:-}" ]; then
      MINDSPORE_PATH=$("$PYTHON" -c 'import os, mindspore; print(os.path.dirname(mindspore.__file__))' 2>/dev/null || true)
    fi
    if [ ! -f "${MINDSPORE_PATH:-}/include/api/model.h" ]; then
      echo "error: no MindSpore C++ API at MINDSPORE_PATH='${MINDSPORE_PATH:-}' (expected include/api/model.h);" \
           "install MindSpore for Ascend or run utils/cpp_infer/fetch_mindspore_lite.sh and set MINDSPORE_PATH" >&2
      exit 1
    fi
    BACKEND_ARGS=(-DBACKEND=mindspore "-DMINDSPORE_PATH=$(cd "$MINDSPORE_PATH" && pwd)")
    ;;
  *)
    echo "error: unknown backend '$BACKEND' (expected openvino or mindspore)" >&2
    exit 2
    ;;
esac

cmake -S "$SOURCE_DIR" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release "${BACKEND_ARGS[@]}"
cmake --build "$BUILD_DIR" -j "${JOBS:-2}"
