"""Run the ONNX generator with ONNX Runtime and evaluate it as eval.py does: python infer_onnx.py --onnx_path G.onnx."""
from src.config import INPUT_ERRORS, parse
from src.evaluate import Evaluator
from src.onnx_export import ort_session, run_onnx
from utils.zoo_common.entry import run_main


def main(argv=None):
    cfg = parse(argv, "BigGAN ONNX inference (ONNX Runtime): grids, truncation sweep and optional IS/FID.")
    session = ort_session(cfg.onnx_path)
    result = Evaluator(cfg, lambda z, y: run_onnx(session, z, y), cfg.output_path).run(cfg.onnx_path)
    for key, value in result.items():
        print(f"{key}: {value:.4f}" if isinstance(value, float) else f"{key}: {value}")


if __name__ == "__main__":
    run_main(main, errors=INPUT_ERRORS)
