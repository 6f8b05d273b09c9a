# What utils/scripts/common.sh needs to know about BigGAN; sourced by every script here, not run.
MODEL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$MODEL_DIR/../utils/scripts/common.sh"

DATA_KEYWORDS=()

# device_flags TARGET INDEX: DEVICE_FLAGS = the entry points' --chip for TARGET (the device is chosen by
# the environment device_env sets).
device_flags() {
  case "$1" in
    Ascend) DEVICE_FLAGS=(--chip npu) ;;
    GPU) DEVICE_FLAGS=(--chip gpu) ;;
    *) DEVICE_FLAGS=(--chip cpu) ;;
  esac
}

# metric_flags INCEPTION_PB|none: METRIC_FLAGS = the eval.py / infer_onnx.py flags for IS/FID with that
# Inception graph, or for grids only.
metric_flags() {
  if [[ "$1" == none ]]; then
    METRIC_FLAGS=(--metrics "")
  else
    local inception_pb
    inception_pb=$(real_path "$1")
    require_file INCEPTION_PB "$inception_pb"
    METRIC_FLAGS=(--inception_pb "$inception_pb")
  fi
}

# infer_310_io OUTPUT_PATH: the C++ inference run's folder (WORK), the flags that point preprocess.py and
# postprocess.py there (STEP_FLAGS), and the C++ program's input folders (CPP_FLAGS) and output folder.
infer_310_io() {
  WORK=$1
  STEP_FLAGS=(--infer_dir "$1")
  CPP_FLAGS=(--z_path "$WORK/z" --y_path "$WORK/y")
  RESULT_DIR=$WORK/result
}

# cpp_inference MODEL_PATH DEVICE_TARGET DEVICE_ID: on Ascend310 the frozen .pb becomes an .om (ATC, input
# batch B of the preprocessed files, ATC_PRECISION_MODE default force_fp16) run by msame; else the C++ program.
cpp_inference() {
  [[ "$2" == Ascend310 ]] || { cpp_main_inference "$@"; return; }
  local batch
  batch=$(ls "$WORK/z" 2>/dev/null | head -n 1 | sed -E 's/^biggan_bs([0-9]+)_.*/\1/')
  run_captured "$WORK/build.log" atc --model="$1" --framework=3 --output="$WORK/biggan_generator" \
    --soc_version=Ascend310 --input_shape="z:${batch:-B},120;y:${batch:-B},1" --out_nodes="output:0" \
    --precision_mode="${ATC_PRECISION_MODE:-force_fp16}"
  run_step msame --model "$WORK/biggan_generator.om" --device "$3" --input "$WORK/z,$WORK/y" \
    --output "$WORK/msame" --outfmt BIN || return
  dry_run && return
  mkdir -p "$RESULT_DIR"
  local file
  for file in "$WORK"/msame/*/*_output_0.bin; do
    mv "$file" "$RESULT_DIR/$(basename "$file" _output_0.bin)_0.bin"
  done
}
