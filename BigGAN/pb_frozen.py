"""Freeze the EMA generator as the reference did: python pb_frozen.py --ckpt_path RUN → <export_dir>/final_model.pb."""
import sys

from src.config import parse, run
from src.exporter import export_generator

REFERENCE_DEFAULTS = ["--file_name", "final_model", "--file_format", "PB"]


def main(argv=None):
    argv = REFERENCE_DEFAULTS + list(sys.argv[1:] if argv is None else argv)  # later flags win
    cfg = parse(argv, "The reference's pb_frozen.py: export.py with file_name final_model and file_format PB.")
    report = export_generator(cfg)
    for key, value in report.items():
        print(f"{key}: {value:.3g}" if isinstance(value, float) else f"{key}: {value}")


if __name__ == "__main__":
    run(main)
