# What utils/scripts/common.sh needs to know about PGAN; sourced by every script here, not run.
MODEL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$MODEL_DIR/../utils/scripts/mindspore_model.sh"

DATA_KEYWORDS=()                   # DATA_PATH is always an image folder (img_align_celeba)
DISTRIBUTE_FLAGS=(--distribute true)

# infer_310_io OUTPUT_PATH: the C++ inference run's folder (WORK), the flags that point preprocess.py and
# postprocess.py there (STEP_FLAGS), the generator description naming the C++ program's input folders
# (noise, and alpha above 4×4: CPP_FLAGS) and its output folder.
infer_310_io() {
  WORK=$1/infer_310
  STEP_FLAGS=(--output_path "$1")
  CPP_FLAGS=(--spec_file "$WORK/preprocess_Result/generator_spec.txt")
  RESULT_DIR=$WORK/result_Files
}

# require_config CONFIG_PATH: an existing YAML file, as an absolute path in CONFIG.
require_config() {
  CONFIG=$(real_path "$1")
  [[ "$CONFIG" =~ \.ya?ml$ && -f "$CONFIG" ]] || usage_error "CONFIG_PATH '$1' is not a YAML file"
}
