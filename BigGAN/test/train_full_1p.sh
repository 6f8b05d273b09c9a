#!/bin/bash
# Full training in the Ascend ModelZoo test-script form. The chip is chosen by train.py (--chip auto:
# npu when npu_bridge imports, else gpu, else cpu); other --key=value flags go to train.py.
USAGE="bash test/train_full_1p.sh --data_path=DIR [--output_path=DIR] [--batch_size=N] [--train_steps=N] [train.py flags...]"
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/train_1p_common.sh"
train_1p "" "" "$@"
