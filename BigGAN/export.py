"""Export the EMA generator: python export.py --ckpt_path RUN_OR_CKPT [--file_format PB|ONNX|ALL]."""
from src.config import input_errors, parse
from utils.zoo_common.entry import run_main


def main(argv=None):
    cfg = parse(argv, "Export the BigGAN generator as a frozen .pb (z, y -> output) and ONNX.")
    from src.exporter import export_generator
    report = export_generator(cfg)
    for key, value in report.items():
        print(f"{key}: {value:.3g}" if isinstance(value, float) else f"{key}: {value}")


if __name__ == "__main__":
    run_main(main, errors=input_errors)
