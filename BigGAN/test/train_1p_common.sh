# Body of test/train_full_1p.sh and test/train_performance_1p.sh (sourced, not run directly): the Ascend
# ModelZoo test-script calling form (--data_path= --output_path= ...) over train.py, ending with the
# reference's summary lines (images/sec, sec/step, E2E duration). As in the reference, which changes into
# the model folder first, relative paths are taken from BigGAN/.
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$SCRIPT_DIR/../scripts/model.sh"

# train_1p TRAIN_STEPS LOG_INTERVAL ARGS...: empty TRAIN_STEPS / LOG_INTERVAL keep default_config.yaml's.
train_1p() {
  local steps=$1 log_interval=$2; shift 2
  local data_path="" output_path="" batch_size="" arg
  local extra=()
  for arg in "$@"; do
    case $arg in
      -h|--help) echo "usage: ${USAGE}"; exit 0 ;;
      --data_path=*) data_path=${arg#*=} ;;
      --output_path=*) output_path=${arg#*=} ;;
      --batch_size=*) batch_size=${arg#*=} ;;
      --train_steps=*) steps=${arg#*=} ;;
      --obs_url=*) echo "note: --obs_url is ignored (no ModelArts/OBS copy); the outputs stay in the output path" ;;
      --train_epochs=*) usage_error "--train_epochs is not supported: BigGAN counts iterations, use --train_steps=N" ;;
      *) extra+=("$arg") ;;
    esac
  done
  [[ -n "$data_path" ]] || usage_error "--data_path=DIR is required (a CIFAR-10 folder)"
  local device_id=${ASCEND_DEVICE_ID:-0}
  [[ "$device_id" =~ ^[0-9]+$ ]] || usage_error "ASCEND_DEVICE_ID must be a device index, got '$device_id'"
  cd "$MODEL_DIR" || usage_error "cannot enter $MODEL_DIR"
  data_path=$(real_path "$data_path")
  output_path=$(real_path "${output_path:-$SCRIPT_DIR/output/$device_id}")
  require_dir "--data_path" "$data_path"
  [[ -z "$batch_size" ]] || require_positive_int "--batch_size" "$batch_size"
  [[ -z "$steps" ]] || require_positive_int "--train_steps" "$steps"
  local command=("$PYTHON" "$MODEL_DIR/train.py" --data_path "$data_path" --output_path "$output_path")
  [[ -z "$batch_size" ]] || command+=(--batch_size "$batch_size")
  [[ -z "$steps" ]] || command+=(--steps "$steps")
  [[ -z "$log_interval" ]] || command+=(--log_interval "$log_interval")
  command+=("${extra[@]}")
  export ASCEND_DEVICE_ID=$device_id RANK_ID=0 RANK_SIZE=1 JOB_ID=${JOB_ID:-10087}
  local start log=$output_path/log/train_rank_0.log
  start=$(date +%s)
  run_step "${command[@]}" || exit
  dry_run && exit 0
  local e2e=$(( $(date +%s) - start ))
  # Mean time_per_step_s of the last 10 logged iterations, as the reference averaged its last 10 log lines.
  local perf
  perf=$("$PYTHON" -c '
import json, sys, yaml
out = sys.argv[1]
with open(out + "/metrics.jsonl") as handle:
    times = [r["time_per_step_s"] for r in map(json.loads, handle) if "time_per_step_s" in r][-10:]
with open(out + "/config.yaml") as handle:
    batch = yaml.safe_load(handle)["batch_size"]
step = sum(times) / len(times)
print(f"{batch / step:.2f} {step:.4f}")' "$output_path") || {
    echo "error: no time_per_step_s records in $output_path/metrics.jsonl" >&2; exit 1; }
  echo "------------------ Final result ------------------"
  echo "Device : $(grep -m 1 '^chip' "$log")"
  echo "Final Performance images/sec : ${perf% *}"
  echo "Final Performance sec/step : ${perf#* }"
  echo "E2E Training Duration sec : $e2e"
  echo "log: $log; checkpoints in $output_path/ckpt"
}
