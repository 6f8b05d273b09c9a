"""Freeze the EMA generator as the reference did: python pb_frozen.py --ckpt_path RUN → <export_dir>/final_model.pb."""
import sys

import export
from src.config import input_errors
from utils.zoo_common.entry import run_main

REFERENCE_DEFAULTS = ["--file_name", "final_model", "--file_format", "PB"]


def main(argv=None):
    export.main(REFERENCE_DEFAULTS + list(sys.argv[1:] if argv is None else argv))  # later flags win


if __name__ == "__main__":
    run_main(main, errors=input_errors)
