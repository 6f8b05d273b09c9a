# Bodies of every model's scripts/*.sh (bash; sourced, not run). A script sets USAGE, sources its model's
# scripts/model.sh (which sources this file, through utils/scripts/mindspore_model.sh for the MindSpore
# models, and defines what is the model's own: MODEL_DIR, DATA_KEYWORDS, DISTRIBUTE_FLAGS, device_flags,
# infer_310_io, config_value) and calls one body with its positional
# arguments; flags after them go to the Python entry point.
#
#   PYTHON=...  interpreter of the entry points (default: python3 on PATH)
#   DRY_RUN=1   print the commands the script would run ("running: ..."), run none of them, exit 0
#
# Wrong positional arguments: the usage line and one `error:` line on stderr, exit 1; -h/--help: the usage
# line, exit 0. Logs: entry points run with the console visible and write their own logs (training:
# <output_path>/log/train_rank_<r>.log), so nothing is captured twice; when one fails, its `error:` line
# is the last line shown and the script exits with its status. Steps that are not entry points (the C++
# build, ATC) write <folder>/<step>.log and on failure end with one `error:` line naming it.
PYTHON=${PYTHON:-python3}

usage_error() {
  echo "usage: ${USAGE}" >&2
  echo "error: $1" >&2
  exit 1
}

# expect_args COUNT "NAME..." ARGS...: -h/--help prints the usage line and exits 0; fewer than COUNT
# positional arguments before the first --flag is a usage error naming the expected ones.
expect_args() {
  local count=$1 names given=0 arg
  read -r -a names <<< "$2"
  shift 2
  if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
    echo "usage: ${USAGE}"
    exit 0
  fi
  for arg in "${@:1:count}"; do
    [[ "$arg" == --* ]] && break
    given=$((given + 1))
  done
  if ((given < count)); then
    local list="${names[*]:0:${#names[@]}-1}"
    usage_error "expected ${list// /, }${list:+ and }${names[-1]}"
  fi
}

# real_path PATH: absolute path (PATH need not exist yet).
real_path() {
  if [[ "$1" == /* ]]; then echo "$1"; else realpath -m "$PWD/$1"; fi
}

require_positive_int() { [[ "$2" =~ ^[1-9][0-9]*$ ]] || usage_error "$1 must be a positive integer, got '$2'"; }
require_device_id() { [[ "$1" =~ ^[0-9]+$ ]] || usage_error "DEVICE_ID must be a device index (0, 1, ...), got '$1'"; }
require_file() { [[ -f "$2" ]] || usage_error "$1 '$2' is not a file"; }
require_dir() { [[ -d "$2" ]] || usage_error "$1 '$2' is not a directory"; }
require_exists() { [[ -e "$2" ]] || usage_error "$1 '$2' does not exist"; }

# resolve_data_path VALUE: DATA_PATH = VALUE when it is one of the model's DATA_KEYWORDS (CGAN: embedded),
# else its absolute path, which must be a folder.
resolve_data_path() {
  local keyword
  for keyword in "${DATA_KEYWORDS[@]}"; do
    if [[ "$1" == "$keyword" ]]; then DATA_PATH=$1; return; fi
  done
  DATA_PATH=$(real_path "$1")
  [[ -d "$DATA_PATH" ]] || usage_error "DATA_PATH '$DATA_PATH' is not a directory"
}

# device_env TARGET DEVICE_ID: STEP_ENV = the environment of a one-device run (GPU: only that device
# visible; Ascend: the CANN variables), DEVICE_INDEX = the device's index inside the process.
device_env() {
  case "$1" in
    GPU) STEP_ENV=("CUDA_VISIBLE_DEVICES=$2"); DEVICE_INDEX=0 ;;
    Ascend) STEP_ENV=("DEVICE_ID=$2" "ASCEND_DEVICE_ID=$2" RANK_ID=0 RANK_SIZE=1 "JOB_ID=${JOB_ID:-10087}")
            DEVICE_INDEX=$2 ;;
    *) STEP_ENV=(); DEVICE_INDEX=0 ;;
  esac
}

dry_run() { [[ "${DRY_RUN:-0}" == 1 ]]; }

# quoted WORD...: the words as one shell command line (quoted only where the shell needs it).
quoted() {
  local word words=()
  for word in "$@"; do
    if [[ "$word" =~ ^[A-Za-z0-9_./=,:@%+-]+$ ]]; then words+=("$word"); else words+=("$(printf '%q' "$word")"); fi
  done
  echo "${words[*]}"
}

# run_step [VAR=value...] COMMAND...: print it, then run it (console visible) unless DRY_RUN=1; returns its status.
run_step() {
  echo "running: $(quoted "$@")"
  dry_run || env "$@"
}

# run_captured LOG COMMAND...: a step that is not an entry point, its output in LOG; on failure one error
# line naming LOG and its last line, and exit with the step's status.
run_captured() {
  local log=$1 status=0
  shift
  echo "running: $(quoted "$@") > $(quoted "$log")"
  dry_run && return 0
  mkdir -p "$(dirname "$log")" || usage_error "cannot create the folder of '$log'"
  env "$@" > "$log" 2>&1 || status=$?
  ((status == 0)) && return 0
  echo "error: $(basename "$1") failed (exit $status), see $log: $(grep -v '^[[:space:]-]*$' "$log" | tail -n 1)" >&2
  exit "$status"
}

# finish MESSAGE: "done: MESSAGE" (nothing in a dry run), exit 0.
finish() {
  dry_run || echo "done: $1"
  exit 0
}

# standalone_train TARGET DATA_PATH OUTPUT_PATH [DEVICE_ID] [train.py flags...]   (no DEVICE_ID on CPU)
standalone_train() {
  local target=$1 output_path
  shift
  if [[ "$target" == CPU ]]; then
    expect_args 2 "DATA_PATH OUTPUT_PATH" "$@"
    set -- "$1" "$2" 0 "${@:3}"
  else
    expect_args 3 "DATA_PATH OUTPUT_PATH DEVICE_ID" "$@"
    require_device_id "$3"
  fi
  resolve_data_path "$1"
  output_path=$(real_path "$2")
  device_env "$target" "$3"
  device_flags "$target" "$DEVICE_INDEX"
  shift 3
  run_step "${STEP_ENV[@]}" "$PYTHON" "$MODEL_DIR/train.py" "${DEVICE_FLAGS[@]}" --data_path "$DATA_PATH" \
    --output_path "$output_path" "$@" || exit
  finish "log $output_path/log/train_rank_0.log, checkpoints in $output_path/ckpt"
}

# distributed_train TARGET DATA_PATH OUTPUT_PATH WORKER_NUM [train.py flags...]: data-parallel training
# with msrun on this machine (scheduler on a free loopback port, worker 0's log on the console, every
# worker's console in OUTPUT_PATH/log/msrun/worker_<r>.log). GPU also takes the reference's form
# DATA_PATH OUTPUT_PATH CUDA_VISIBLE_DEVICES DEVICE_NUM.
distributed_train() {
  local target=$1 count_name=WORKER_NUM output_path bin_dir port status=0 launch_env=()
  shift
  [[ "$target" == CPU ]] || count_name=DEVICE_NUM
  expect_args 3 "DATA_PATH OUTPUT_PATH $count_name" "$@"
  if [[ "$target" == GPU && $# -ge 4 && "$4" != --* ]]; then
    require_positive_int DEVICE_NUM "$4"
    [[ "$3" =~ ^[0-9]+(,[0-9]+)*$ ]] || usage_error "CUDA_VISIBLE_DEVICES must be a list such as 0,1,2,3, got '$3'"
    local devices=(${3//,/ })
    ((${#devices[@]} >= $4)) || usage_error "CUDA_VISIBLE_DEVICES '$3' names fewer than DEVICE_NUM=$4 devices"
    launch_env+=("CUDA_VISIBLE_DEVICES=$3")
    set -- "$1" "$2" "$4" "${@:5}"
  fi
  require_positive_int "$count_name" "$3"
  resolve_data_path "$1"
  output_path=$(real_path "$2")
  local workers=$3
  shift 3
  config_value train.py output_path "$@" > /dev/null || exit  # bad flags: one line here, not one per worker
  if [[ "$target" == CPU ]]; then  # the workers share the cores: each gets its share for the fast path's kernels
    local cores
    cores=$(nproc)
    launch_env+=("ZOO_CPU_KERNEL_THREADS=${ZOO_CPU_KERNEL_THREADS:-$((cores > workers ? cores / workers : 1))}")
  fi
  bin_dir=$(dirname "$(command -v "$PYTHON")")
  [[ -x "$bin_dir/msrun" && -x "$bin_dir/python" ]] || usage_error "msrun and python not found beside $PYTHON"
  export PATH="$bin_dir:$PATH"  # msrun starts each worker as `python train.py`
  port=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  device_flags "$target" 0
  run_step "${launch_env[@]}" "$bin_dir/msrun" --worker_num="$workers" --local_worker_num="$workers" \
    --master_addr=127.0.0.1 --master_port="$port" --log_dir="$output_path/log/msrun" --join=True \
    --tail_worker_log=0 "$MODEL_DIR/train.py" "${DEVICE_FLAGS[@]}" "${DISTRIBUTE_FLAGS[@]}" \
    --data_path "$DATA_PATH" --output_path "$output_path" "$@" || status=$?
  ((status == 0)) || fail_with_worker_error "$status" "$output_path/log/msrun"/worker_*.log
  finish "logs $output_path/log/train_rank_<r>.log, checkpoints in $output_path/ckpt"
}

# fail_with_worker_error STATUS LOG...: the first `error:` line of the logs (or where to look), exit STATUS.
fail_with_worker_error() {
  local status=$1 log line
  shift
  for log in "$@"; do
    line=$(grep -m 1 '^error: ' "$log" 2>/dev/null) && { echo "$line (${log})" >&2; exit "$status"; }
  done
  echo "error: a worker failed (exit $status); see $*" >&2
  exit "$status"
}

# rank_table_train DATA_PATH OUTPUT_PATH RANK_TABLE_FILE DEVICE_NUM [train.py flags...]: one process per
# Ascend device of this server (rank r on device r). Rank 0's console is shown; ranks ≥ 1 keep their
# stderr in OUTPUT_PATH/log/stderr_rank_<r>.log (their progress is in log/train_rank_<r>.log).
rank_table_train() {
  expect_args 4 "DATA_PATH OUTPUT_PATH RANK_TABLE_FILE DEVICE_NUM" "$@"
  local output_path table rank status=0 pids=() logs=()
  resolve_data_path "$1"
  output_path=$(real_path "$2")
  table=$(real_path "$3")
  require_file RANK_TABLE_FILE "$table"
  require_positive_int DEVICE_NUM "$4"
  local count=$4
  shift 4
  config_value train.py output_path "$@" > /dev/null || exit
  dry_run || mkdir -p "$output_path/log" || usage_error "cannot create '$output_path/log'"
  for ((rank = 0; rank < count; rank++)); do
    device_flags Ascend "$rank"
    local command=(env "RANK_TABLE_FILE=$table" "RANK_SIZE=$count" "RANK_ID=$rank" "DEVICE_ID=$rank"
                   HCCL_CONNECT_TIMEOUT=600 "$PYTHON" "$MODEL_DIR/train.py" "${DEVICE_FLAGS[@]}"
                   "${DISTRIBUTE_FLAGS[@]}" --data_path "$DATA_PATH" --output_path "$output_path" "$@")
    if ((rank == 0)); then
      echo "running: $(quoted "${command[@]}") &"
      dry_run || { "${command[@]}" & pids+=($!); }
    else
      logs+=("$output_path/log/stderr_rank_$rank.log")
      echo "running: $(quoted "${command[@]}") > /dev/null 2> $(quoted "${logs[-1]}") &"
      dry_run || { "${command[@]}" > /dev/null 2> "${logs[-1]}" & pids+=($!); }
    fi
  done
  dry_run && exit 0
  for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
  ((status == 0)) || fail_with_worker_error "$status" "${logs[@]}"
  finish "logs $output_path/log/train_rank_<r>.log, checkpoints in $output_path/ckpt"
}

# evaluate TARGET CKPT_PATH DATA_PATH OUTPUT_PATH DEVICE_ID [eval.py flags...]
evaluate() { generate_and_score eval.py --ckpt_path CKPT_PATH "$@"; }

# infer_onnx TARGET ONNX_PATH DATA_PATH OUTPUT_PATH DEVICE_ID [infer_onnx.py flags...]: ONNX Runtime (the
# CUDA provider on GPU when onnxruntime-gpu has it), scored as eval.py does.
infer_onnx() { generate_and_score infer_onnx.py --onnx_path ONNX_PATH "$@"; }

# generate_and_score ENTRY MODEL_FLAG MODEL_NAME TARGET MODEL DATA_PATH OUTPUT_PATH DEVICE_ID [flags...]
generate_and_score() {
  local entry=$1 model_flag=$2 model_name=$3 target=$4 model output_path
  shift 4
  model=$(real_path "$1")
  require_exists "$model_name" "$model"
  resolve_data_path "$2"
  output_path=$(real_path "$3")
  require_device_id "$4"
  device_env "$target" "$4"
  device_flags "$target" "$DEVICE_INDEX"
  shift 4
  run_step "${STEP_ENV[@]}" "$PYTHON" "$MODEL_DIR/$entry" "${DEVICE_FLAGS[@]}" "$model_flag" "$model" \
    --data_path "$DATA_PATH" --output_path "$output_path" "$@" || exit
  finish "results under $output_path"
}

# infer_onnx_script ONNX_PATH DATA_PATH OUTPUT_PATH [CPU|GPU|DEVICE_ID] [infer_onnx.py flags...]: the
# arguments of every run_infer_onnx.sh. The 4th is CPU or GPU, or, as in the references, a GPU's DEVICE_ID
# (default CPU).
infer_onnx_script() {
  expect_args 3 "ONNX_PATH DATA_PATH OUTPUT_PATH" "$@"
  case "${4:-}" in
    "" | --*) infer_onnx CPU "$1" "$2" "$3" 0 "${@:4}" ;;
    CPU | GPU) infer_onnx "$4" "$1" "$2" "$3" 0 "${@:5}" ;;
    *) [[ "$4" =~ ^[0-9]+$ ]] || usage_error "the 4th argument must be CPU, GPU or a GPU's DEVICE_ID, got '$4'"
       infer_onnx GPU "$@" ;;
  esac
}

# run_infer_310.sh [MODEL_PATH] [DEVICE_TARGET (default Ascend310)] [DEVICE_ID (default 0)] [flags...] of a
# generator whose inputs preprocess.py draws (DCGAN, WGAN); the output folder is preprocess.py's output_path.
infer_310_script() {
  expect_args 1 "MODEL_PATH" "$@"
  local model_path target=Ascend310 device_id=0 output_path
  model_path=$(real_path "$1"); shift
  if [[ $# -gt 0 && "$1" != --* ]]; then
    [[ "$1" =~ ^(Ascend310|Ascend310P|Ascend|GPU|CPU)$ ]] || usage_error "DEVICE_TARGET must be Ascend310, \
Ascend310P, Ascend, GPU or CPU, got '$1'"
    target=$1; shift
  fi
  if [[ $# -gt 0 && "$1" != --* ]]; then device_id=$1; shift; fi
  output_path=$(config_value preprocess.py output_path "$@") || exit 1
  infer_310 "$model_path" "$(real_path "$output_path")" "$target" "$device_id" "$@"
}

# infer_310 MODEL_PATH OUTPUT_PATH DEVICE_TARGET DEVICE_ID [flags...]: preprocess.py -> cpp_inference ->
# postprocess.py, in the folders the model's infer_310_io OUTPUT_PATH names (WORK, STEP_FLAGS, CPP_FLAGS,
# RESULT_DIR). Flags go to preprocess.py and postprocess.py. SKIP_PREPROCESS=1 reuses the inputs already
# written (WGAN's run_infer_cpp.sh NEED_PREPROCESS=n).
infer_310() {
  local model_path=$1 target=$3 device_id=$4
  require_file MODEL_PATH "$model_path"
  require_device_id "$device_id"
  infer_310_io "$2"
  shift 4
  if [[ "${SKIP_PREPROCESS:-0}" != 1 ]]; then
    run_step "$PYTHON" "$MODEL_DIR/preprocess.py" "$@" "${STEP_FLAGS[@]}" || exit
  fi
  dry_run || rm -rf "$RESULT_DIR" "$WORK/time_Result"
  cpp_inference "$model_path" "$target" "$device_id" || exit
  run_step "$PYTHON" "$MODEL_DIR/postprocess.py" "$@" "${STEP_FLAGS[@]}" || exit
  finish "results in $WORK"
}

# cpp_inference MODEL_PATH DEVICE_TARGET DEVICE_ID: build ascend310_infer/out/main (OpenVINO backend on
# CPU, MindSpore C++ API otherwise; WORK/build.log) and run it on the preprocessed inputs. A model may
# redefine it (BigGAN: ATC + msame on Ascend 310) and call cpp_main_inference for the other targets.
cpp_inference() { cpp_main_inference "$@"; }

cpp_main_inference() {
  local backend=mindspore time_file=$WORK/time_Result/test_perform_static.txt
  [[ "$2" == CPU ]] && backend=openvino
  run_captured "$WORK/build.log" "PYTHON=$PYTHON" bash "$MODEL_DIR/ascend310_infer/build.sh" "$backend"
  run_step "$MODEL_DIR/ascend310_infer/out/main" --model_path "$1" --device_target "$2" --device_id "$3" \
    "${CPP_FLAGS[@]}" --result_path "$RESULT_DIR" --time_file "$time_file" || return
  dry_run || cat "$time_file"
}
