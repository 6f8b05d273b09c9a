"""Freeze the EMA generator as the reference did: python pb_frozen.py --ckpt_path RUN → <export_dir>/final_model.pb."""
import sys

from src.config import INPUT_ERRORS, parse
from src.exporter import export_generator
from utils.zoo_common.entry import run_main

REFERENCE_DEFAULTS = ["--file_name", "final_model", "--file_format", "PB"]


def main(argv=None):
    argv = REFERENCE_DEFAULTS + list(sys.argv[1:] if argv is None else argv)  # later flags win
    cfg = parse(argv, "The reference's pb_frozen.py: export.py with file_name final_model and file_format PB.")
    report = export_generator(cfg)
    for key, value in report.items():
        print(f"{key}: {value:.3g}" if isinstance(value, float) else f"{key}: {value}")


if __name__ == "__main__":
    run_main(main, errors=INPUT_ERRORS)
