#!/bin/bash
# Evaluate a BigGAN checkpoint (--chip npu): per-class grid, truncation sweep, IS and FID against cached
# statistics of the CIFAR-10 train split. INCEPTION_PB: classify_image_graph_def.pb (2015), or 'none' for
# grids only. Extra flags go to eval.py (e.g. --num_samples 50000 --truncation 0).
USAGE="bash run_eval_ascend.sh [CKPT_PATH] [DATA_PATH] [INCEPTION_PB|none] [OUTPUT_PATH] [DEVICE_ID] [eval.py flags...]"
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$SCRIPT_DIR/../../utils/scripts/common.sh"
[[ $# -ge 5 ]] || usage_error "expected CKPT_PATH, DATA_PATH, INCEPTION_PB, OUTPUT_PATH and DEVICE_ID"
CKPT_PATH=$(real_path "$1"); DATA_PATH=$(real_path "$2"); INCEPTION_PB=$3; OUTPUT_PATH=$(real_path "$4")
DEVICE_ID=$5; shift 5
[[ "$DEVICE_ID" =~ ^[0-9]+$ ]] || usage_error "DEVICE_ID must be a device index, got '$DEVICE_ID'"
export ASCEND_DEVICE_ID=$DEVICE_ID DEVICE_ID=$DEVICE_ID RANK_ID=0 RANK_SIZE=1
[[ -e "$CKPT_PATH" ]] || usage_error "CKPT_PATH '$CKPT_PATH' does not exist"
require_dir DATA_PATH "$DATA_PATH"
if [[ "$INCEPTION_PB" == none ]]; then
  METRICS=(--metrics "")
else
  INCEPTION_PB=$(real_path "$INCEPTION_PB"); require_file INCEPTION_PB "$INCEPTION_PB"
  METRICS=(--inception_pb "$INCEPTION_PB")
fi
run_logged "$OUTPUT_PATH/eval.log" "$PYTHON" "$SCRIPT_DIR/../eval.py" --chip npu --ckpt_path "$CKPT_PATH" \
  --data_path "$DATA_PATH" --output_path "$OUTPUT_PATH" "${METRICS[@]}" "$@"
grep -E '^(is|fid)[0-9]' "$OUTPUT_PATH/eval.log"
echo "done: results in $OUTPUT_PATH/eval_metrics.jsonl, grids in $OUTPUT_PATH/images"
