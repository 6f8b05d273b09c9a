# Bodies of the GPU and Ascend variants of run_standalone_train_*.sh and run_eval_*.sh (sourced, with
# USAGE set by the calling script). Not executable on its own.
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$SCRIPT_DIR/../../utils/scripts/common.sh"

# resolve_data_path DATA_PATH: 'embedded' or an existing folder, printed absolute.
resolve_data_path() {
  if [[ "$1" == embedded ]]; then echo embedded; return; fi
  local path
  path=$(real_path "$1")
  require_dir DATA_PATH "$path"
  echo "$path"
}

require_device_id() {
  [[ "$1" =~ ^[0-9]+$ ]] || usage_error "DEVICE_ID must be a device index, got '$1'"
}

# standalone_train_on_device TARGET DATA_PATH OUTPUT_PATH DEVICE_ID [train.py flags...]
standalone_train_on_device() {
  local target=$1; shift
  [[ $# -ge 3 ]] || usage_error "expected DATA_PATH, OUTPUT_PATH and DEVICE_ID"
  local data_path output_path=$(real_path "$2") device_id=$3
  data_path=$(resolve_data_path "$1") || exit 1
  require_device_id "$device_id"
  shift 3
  run_logged "$output_path/train.log" "$PYTHON" "$SCRIPT_DIR/../train.py" --device_target "$target" \
    --device_id "$device_id" --data_path "$data_path" --output_path "$output_path" "$@"
  echo "done: checkpoints in $output_path/ckpt, sample grids in $output_path/images"
}

# eval_on_device TARGET CKPT_PATH DATA_PATH OUTPUT_PATH DEVICE_ID [eval.py flags...]
eval_on_device() {
  local target=$1; shift
  [[ $# -ge 4 ]] || usage_error "expected CKPT_PATH, DATA_PATH, OUTPUT_PATH and DEVICE_ID"
  local ckpt=$(real_path "$1") data_path output_path=$(real_path "$3") device_id=$4
  require_file CKPT_PATH "$ckpt"
  data_path=$(resolve_data_path "$2") || exit 1
  require_device_id "$device_id"
  shift 4
  run_logged "$output_path/eval.log" "$PYTHON" "$SCRIPT_DIR/../eval.py" --device_target "$target" \
    --device_id "$device_id" --ckpt_path "$ckpt" --data_path "$data_path" --output_path "$output_path" "$@"
  grep '^parzen' "$output_path/eval.log"
  echo "done: results in $output_path/eval"
}
