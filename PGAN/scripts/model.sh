# What utils/scripts/common.sh needs to know about PGAN; sourced by every script here, not run.
MODEL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$MODEL_DIR/../utils/scripts/common.sh"

DATA_KEYWORDS=()                   # DATA_PATH is always an image folder (img_align_celeba)
DISTRIBUTE_FLAGS=(--distribute true)

# device_flags TARGET INDEX: DEVICE_FLAGS = the entry points' flags for MindSpore device TARGET, index INDEX.
device_flags() { DEVICE_FLAGS=(--device_target "$1" --device_id "$2"); }

# infer_310_io OUTPUT_PATH: the C++ inference run's folder (WORK), the flags that point preprocess.py and
# postprocess.py there (STEP_FLAGS), the generator description naming the C++ program's input folders
# (noise, and alpha above 4×4: CPP_FLAGS) and its output folder.
infer_310_io() {
  WORK=$1/infer_310
  STEP_FLAGS=(--output_path "$1")
  CPP_FLAGS=(--spec_file "$WORK/preprocess_Result/generator_spec.txt")
  RESULT_DIR=$WORK/result_Files
}

# config_value ENTRY KEY [flags...]: KEY of the configuration these flags of ENTRY (train.py, ...) give; bad
# flags end here with the entry point's one error line.
config_value() {
  "$PYTHON" -c 'import sys; sys.path.insert(0, sys.argv[1]); from src.config import get_config
from utils.zoo_common.entry import run_main
sys.argv[0] = sys.argv[2]
run_main(lambda argv: print(getattr(get_config(argv), sys.argv[3])), sys.argv[4:])' "$MODEL_DIR" "$@"
}

# require_config CONFIG_PATH: an existing YAML file, as an absolute path in CONFIG.
require_config() {
  CONFIG=$(real_path "$1")
  [[ "$CONFIG" =~ \.ya?ml$ && -f "$CONFIG" ]] || usage_error "CONFIG_PATH '$1' is not a YAML file"
}
