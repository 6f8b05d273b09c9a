#!/bin/bash
# Data-parallel CGAN training on DEVICE_NUM Ascend devices of one server described by a rank table
# (utils/hccl_tools/hccl_tools.py writes one). One process per device; extra flags go to train.py.
USAGE="bash run_distributed_train_ascend.sh [DATA_PATH] [OUTPUT_PATH] [RANK_TABLE_FILE] [DEVICE_NUM] [train.py flags...]"
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$SCRIPT_DIR/../../utils/scripts/common.sh"
[[ $# -ge 4 ]] || usage_error "expected DATA_PATH, OUTPUT_PATH, RANK_TABLE_FILE and DEVICE_NUM"
DATA_PATH=$1; OUTPUT_PATH=$(real_path "$2"); RANK_TABLE_FILE=$(real_path "$3"); DEVICE_NUM=$4; shift 4
[[ "$DATA_PATH" == embedded ]] || { DATA_PATH=$(real_path "$DATA_PATH"); require_dir DATA_PATH "$DATA_PATH"; }
require_file RANK_TABLE_FILE "$RANK_TABLE_FILE"
require_positive_int DEVICE_NUM "$DEVICE_NUM"
export RANK_TABLE_FILE RANK_SIZE=$DEVICE_NUM HCCL_CONNECT_TIMEOUT=600
mkdir -p "$OUTPUT_PATH/log" || usage_error "cannot create '$OUTPUT_PATH/log'"
pids=()
for ((rank = 0; rank < DEVICE_NUM; rank++)); do
  RANK_ID=$rank DEVICE_ID=$rank "$PYTHON" "$SCRIPT_DIR/../train.py" --device_target Ascend \
    --device_id "$rank" --distribute true --data_path "$DATA_PATH" --output_path "$OUTPUT_PATH" "$@" \
    > "$OUTPUT_PATH/log/rank_$rank.log" 2>&1 &
  pids+=($!)
done
echo "started $DEVICE_NUM processes; logs: $OUTPUT_PATH/log/rank_<id>.log"
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
[[ $status -eq 0 ]] || { echo "a rank failed (exit $status); see $OUTPUT_PATH/log/rank_<id>.log" >&2; exit "$status"; }
echo "done: checkpoints in $OUTPUT_PATH/ckpt"
