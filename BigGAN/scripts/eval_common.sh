# Body of run_eval_{cpu,gpu,ascend}.sh (sourced, with USAGE set by the calling script). Not executable.
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$SCRIPT_DIR/../../utils/scripts/common.sh"

# run_biggan_eval CHIP CKPT_PATH DATA_PATH INCEPTION_PB|none OUTPUT_PATH [eval.py flags...]
run_biggan_eval() {
  local chip=$1 ckpt_path data_path inception_pb=$4 output_path metrics
  ckpt_path=$(real_path "$2"); data_path=$(real_path "$3"); output_path=$(real_path "$5")
  shift 5
  [[ -e "$ckpt_path" ]] || usage_error "CKPT_PATH '$ckpt_path' does not exist"
  require_dir DATA_PATH "$data_path"
  if [[ "$inception_pb" == none ]]; then
    metrics=(--metrics "")
  else
    inception_pb=$(real_path "$inception_pb"); require_file INCEPTION_PB "$inception_pb"
    metrics=(--inception_pb "$inception_pb")
  fi
  run_logged "$output_path/eval.log" "$PYTHON" "$SCRIPT_DIR/../eval.py" --chip "$chip" --ckpt_path "$ckpt_path" \
    --data_path "$data_path" --output_path "$output_path" "${metrics[@]}" "$@"
  grep -E '^(is|fid)[0-9]' "$output_path/eval.log"
  echo "done: results in $output_path/eval_metrics.jsonl, grids in $output_path/images"
}

# require_device_index DEVICE_ID
require_device_index() {
  [[ "$1" =~ ^[0-9]+$ ]] || usage_error "DEVICE_ID must be a device index, got '$1'"
}
