# Shared by run_eval_{cpu,gpu,ascend}.sh and run_infer_onnx.sh (sourced, with USAGE set by the calling
# script). Not executable.
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$SCRIPT_DIR/../../utils/scripts/common.sh"

# set_metric_flags INCEPTION_PB|none: METRIC_FLAGS = the eval.py / infer_onnx.py flags for IS/FID with that
# Inception graph, or for grids only.
set_metric_flags() {
  if [[ "$1" == none ]]; then
    METRIC_FLAGS=(--metrics "")
  else
    local inception_pb
    inception_pb=$(real_path "$1"); require_file INCEPTION_PB "$inception_pb"
    METRIC_FLAGS=(--inception_pb "$inception_pb")
  fi
}

# run_biggan_eval CHIP CKPT_PATH DATA_PATH INCEPTION_PB|none OUTPUT_PATH [eval.py flags...]
run_biggan_eval() {
  local chip=$1 ckpt_path data_path output_path
  ckpt_path=$(real_path "$2"); data_path=$(real_path "$3"); output_path=$(real_path "$5")
  [[ -e "$ckpt_path" ]] || usage_error "CKPT_PATH '$ckpt_path' does not exist"
  require_dir DATA_PATH "$data_path"
  set_metric_flags "$4"
  shift 5
  run_logged "$output_path/eval.log" "$PYTHON" "$SCRIPT_DIR/../eval.py" --chip "$chip" --ckpt_path "$ckpt_path" \
    --data_path "$data_path" --output_path "$output_path" "${METRIC_FLAGS[@]}" "$@"
  grep -E '^(is|fid)[0-9]' "$output_path/eval.log"
  echo "done: results in $output_path/eval_metrics.jsonl, grids in $output_path/images"
}

# require_device_index DEVICE_ID
require_device_index() {
  [[ "$1" =~ ^[0-9]+$ ]] || usage_error "DEVICE_ID must be a device index, got '$1'"
}
