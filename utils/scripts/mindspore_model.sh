# What the MindSpore models' scripts/model.sh share (CGAN, DCGAN, WGAN, PGAN): sources common.sh and defines
# device_flags and config_value for entry points that take --device_target/--device_id and read their
# configuration with src/config.py's get_config. Sourced by a model.sh after it sets MODEL_DIR, not run.
source "$MODEL_DIR/../utils/scripts/common.sh"

# device_flags TARGET INDEX: DEVICE_FLAGS = the entry points' flags for MindSpore device TARGET, index INDEX.
device_flags() { DEVICE_FLAGS=(--device_target "$1" --device_id "$2"); }

# config_value ENTRY KEY [flags...]: KEY of the configuration these flags of ENTRY (train.py, ...) give; bad
# flags end here with the entry point's one error line.
config_value() {
  "$PYTHON" -c 'import sys; sys.path.insert(0, sys.argv[1]); from src.config import get_config
from utils.zoo_common.entry import run_main
sys.argv[0] = sys.argv[2]
run_main(lambda argv: print(getattr(get_config(argv), sys.argv[3])), sys.argv[4:])' "$MODEL_DIR" "$@"
}

# reference_device TARGET: the reference scripts' device target (env DEVICE_TARGET, default Ascend), checked.
reference_device() {
  [[ "$1" =~ ^(Ascend|GPU|CPU)$ ]] || usage_error "DEVICE_TARGET must be Ascend, GPU or CPU, got '$1'"
}
