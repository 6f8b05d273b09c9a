#!/bin/bash
# Performance run in the Ascend ModelZoo test-script form: 100 iterations (--train_steps=N changes it), every
# iteration logged, then images/sec and sec/step over the last 10. Other --key=value flags go to train.py.
USAGE="bash test/train_performance_1p.sh --data_path=DIR [--output_path=DIR] [--batch_size=N] [--train_steps=N] [train.py flags...]"
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/train_1p_common.sh"
train_1p 100 1 "$@"
