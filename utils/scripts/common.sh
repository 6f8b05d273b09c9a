# Shell helpers sourced by every model's scripts/*.sh (bash). Not executable on its own.
# PYTHON selects the interpreter (default: python3 on PATH, e.g. the activated zoo environment).
PYTHON=${PYTHON:-python3}

# usage_error MESSAGE: print the script's usage line and MESSAGE to stderr, exit 1.
usage_error() {
  echo "usage: ${USAGE}" >&2
  echo "error: $1" >&2
  exit 1
}

# real_path PATH: absolute path (PATH need not exist yet).
real_path() {
  if [[ "$1" == /* ]]; then echo "$1"; else realpath -m "$PWD/$1"; fi
}

# require_positive_int NAME VALUE
require_positive_int() {
  [[ "$2" =~ ^[1-9][0-9]*$ ]] || usage_error "$1 must be a positive integer, got '$2'"
}

# require_file NAME PATH / require_dir NAME PATH
require_file() { [[ -f "$2" ]] || usage_error "$1 '$2' is not a file"; }
require_dir() { [[ -d "$2" ]] || usage_error "$1 '$2' is not a directory"; }

# free_port: a free TCP port on loopback for the msrun scheduler.
free_port() {
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# run_logged LOG COMMAND...: run COMMAND with stdout+stderr in LOG; on failure print one error line
# (the log's last line that is not a MindSpore warning) and exit with COMMAND's status.
run_logged() {
  local log=$1 status=0; shift
  mkdir -p "$(dirname "$log")" || usage_error "cannot create the log folder of '$log'"
  echo "running: $*"
  echo "log: $log"
  "$@" > "$log" 2>&1 || status=$?
  [[ $status -eq 0 ]] && return 0
  echo "error: step failed (exit $status), see $log: $(grep -v -e '^\[WARNING\]' -e '^[[:space:]-]*$' "$log" | tail -n 1)" >&2
  exit "$status"
}

# msrun_train TARGET WORKER_NUM LOG_DIR TRAIN_PY [ARGS...]: data-parallel training with MindSpore's
# launcher on this machine; the scheduler listens on a free loopback port.
msrun_train() {
  local target=$1 workers=$2 log_dir=$3; shift 3
  # msrun starts each worker as `python TRAIN_PY`: put $PYTHON's folder (a venv's bin/) first on PATH.
  local bin_dir
  bin_dir=$(dirname "$(command -v "$PYTHON")")
  [[ -x "$bin_dir/msrun" && -x "$bin_dir/python" ]] || usage_error "msrun and python not found beside $PYTHON"
  PATH="$bin_dir:$PATH" run_logged "$log_dir/msrun.log" "$bin_dir/msrun" --worker_num="$workers" --local_worker_num="$workers" \
    --master_addr=127.0.0.1 --master_port="$(free_port)" --log_dir="$log_dir" --join=True \
    "$@" --device_target "$target" --distribute true
}
