#!/bin/bash
# Train BigGAN on the CPU (--chip cpu). Extra flags after the positional arguments go to train.py.
USAGE="bash run_standalone_train_cpu.sh [DATA_PATH] [OUTPUT_PATH] [train.py flags...]"
source "$(dirname "${BASH_SOURCE[0]}")/model.sh"
standalone_train CPU "$@"
