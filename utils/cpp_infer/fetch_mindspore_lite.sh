#!/bin/bash
# Fetches the MindSpore C++ API headers and libraries that the mindspore backend compiles and links
# against: the mindspore-lite==2.0.0 wheel (cp37 tag) from the package index, through pip and its cache.
#   bash fetch_mindspore_lite.sh [DEST]      DEST default: <repo>/third_party/mindspore_lite-2.0.0
# DEST then holds include/ and lib/ (use it as MINDSPORE_PATH). The last stdout line is DEST.
# Idempotent: an unpacked DEST is reused. Exit 3 when the download fails, 1 on other errors.
set -euo pipefail

VERSION=2.0.0
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEST=${1:-$REPO_ROOT/third_party/mindspore_lite-$VERSION}
PYTHON=${PYTHON:-python3}
MARKER="$DEST/.unpacked"

if [ -f "$MARKER" ]; then
  echo "$DEST"
  exit 0
fi

DOWNLOAD_DIR=$(mktemp -d)
trap 'rm -rf "$DOWNLOAD_DIR"' EXIT

echo "downloading mindspore-lite==$VERSION (cp37 manylinux wheel) ..." >&2
if ! "$PYTHON" -m pip download --no-deps --only-binary=:all: --python-version 3.7 \
    --platform manylinux2014_x86_64 --implementation cp "mindspore-lite==$VERSION" \
    -d "$DOWNLOAD_DIR" >&2; then
  echo "error: could not download mindspore-lite==$VERSION with $PYTHON -m pip (is the package index reachable?)" >&2
  exit 3
fi
WHEEL=$(ls "$DOWNLOAD_DIR"/mindspore_lite-"$VERSION"-*.whl 2>/dev/null | head -n 1)
if [ -z "$WHEEL" ]; then
  echo "error: pip did not produce a mindspore_lite-$VERSION wheel in $DOWNLOAD_DIR" >&2
  exit 1
fi

# Unpack next to DEST and rename, so an interrupted run never leaves a half-filled DEST behind.
mkdir -p "$(dirname "$DEST")"
STAGE=$(mktemp -d "$DEST.partial.XXXXXX")
trap 'rm -rf "$DOWNLOAD_DIR" "$STAGE"' EXIT
"$PYTHON" - "$WHEEL" "$STAGE" <<'PY'
import os, shutil, sys, zipfile

wheel, stage = sys.argv[1], sys.argv[2]
prefix = "mindspore_lite/"
with zipfile.ZipFile(wheel) as archive:
    for entry in archive.infolist():
        name = entry.filename
        if entry.is_dir() or not name.startswith((prefix + "include/", prefix + "lib/")):
            continue
        target = os.path.join(stage, name[len(prefix):])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with archive.open(entry) as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst)
PY
if [ ! -f "$STAGE/include/api/model.h" ]; then
  echo "error: $WHEEL has no mindspore_lite/include/api/model.h" >&2
  exit 1
fi
touch "$STAGE/.unpacked"
rm -rf "$DEST"
mv "$STAGE" "$DEST"
echo "unpacked MindSpore C++ API into $DEST" >&2
echo "$DEST"
