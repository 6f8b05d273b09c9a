#!/bin/bash
# Fetches the oneDNN C/C++ API headers that the CPU kernels (cpu_kernels/*.cc) compile against: the
# onednn-devel wheel from the package index, through pip and its cache. The kernels link against the
# oneDNN library MindSpore ships (oneDNN 3.x, threadpool runtime); oneDNN keeps its API and ABI stable
# within a major version, and dnnl_config.h is rewritten for that threadpool build.
#   bash fetch_onednn_headers.sh [DEST]      DEST default: <repo>/third_party/onednn-include
# DEST then holds oneapi/dnnl/*.h*. Idempotent: a complete DEST is reused. Exit 3 when the download
# fails, 1 on other errors.
set -euo pipefail

VERSION=2025.2.0  # oneDNN 3.8
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
DEST=${1:-$REPO_ROOT/third_party/onednn-include}
PYTHON=${PYTHON:-python3}

if [ -f "$DEST/.complete" ]; then
  exit 0
fi

DOWNLOAD_DIR=$(mktemp -d)
mkdir -p "$(dirname "$DEST")"
STAGE=$(mktemp -d "$DEST.partial.XXXXXX")
trap 'rm -rf "$DOWNLOAD_DIR" "$STAGE"' EXIT

echo "downloading onednn-devel==$VERSION (headers) ..." >&2
if ! "$PYTHON" -m pip download --disable-pip-version-check --no-deps --only-binary=:all: \
    "onednn-devel==$VERSION" -d "$DOWNLOAD_DIR" >&2; then
  echo "error: could not download onednn-devel==$VERSION with $PYTHON -m pip (is the package index reachable?)" >&2
  exit 3
fi
"$PYTHON" - "$DOWNLOAD_DIR" "$STAGE" <<'PY'
import glob, os, re, sys, zipfile
download_dir, stage = sys.argv[1:]
wheels = glob.glob(f"{download_dir}/onednn_devel-*.whl")
if not wheels:
    sys.exit(f"error: pip did not produce an onednn_devel wheel in {download_dir}")
prefix = ".data/data/include/oneapi/dnnl/"
os.makedirs(f"{stage}/oneapi/dnnl")
with zipfile.ZipFile(wheels[0]) as wheel:
    for name in wheel.namelist():
        if prefix in name and not name.endswith("/"):
            with open(f"{stage}/oneapi/dnnl/{name.split(prefix, 1)[1]}", "wb") as out:
                out.write(wheel.read(name))
config_path = f"{stage}/oneapi/dnnl/dnnl_config.h"
config = open(config_path).read()
for key, value in (("DNNL_CPU_THREADING_RUNTIME", "DNNL_RUNTIME_THREADPOOL"),
                   ("DNNL_CPU_RUNTIME", "DNNL_RUNTIME_THREADPOOL"), ("DNNL_GPU_RUNTIME", "DNNL_RUNTIME_NONE")):
    config, count = re.subn(rf"^#define {key} .*$", f"#define {key} {value}", config, flags=re.M)
    if count != 1:
        sys.exit(f"error: {config_path} has no single '#define {key}' line to configure")
config = re.sub(r"^#define DNNL_WITH_SYCL$", "", config, flags=re.M)
open(config_path, "w").write(config)
PY
touch "$STAGE/.complete"
rm -rf "$DEST"
mv "$STAGE" "$DEST"
