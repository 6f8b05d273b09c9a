# What utils/scripts/common.sh needs to know about DCGAN; sourced by every script here, not run.
MODEL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$MODEL_DIR/../utils/scripts/mindspore_model.sh"

DATA_KEYWORDS=()                   # DATA_PATH is always an image folder
DISTRIBUTE_FLAGS=(--distribute true)

# infer_310_io OUTPUT_PATH: the C++ inference run's folder (WORK), the flags that point preprocess.py and
# postprocess.py there (STEP_FLAGS), and the C++ program's input folder (CPP_FLAGS) and output folder.
infer_310_io() {
  WORK=$1/infer_310
  STEP_FLAGS=(--output_path "$1")
  CPP_FLAGS=(--input0_path "$WORK/preprocess_Result/latent_code")
  RESULT_DIR=$WORK/result_Files
}
