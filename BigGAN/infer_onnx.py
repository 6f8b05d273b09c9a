"""Run the ONNX generator with ONNX Runtime and evaluate it as eval.py does: python infer_onnx.py --onnx_path G.onnx."""
import os

from src.config import input_errors, parse
from utils.zoo_common.entry import run_main


def main(argv=None):
    cfg = parse(argv, "BigGAN ONNX inference (ONNX Runtime): grids, truncation sweep and optional IS/FID.")
    from src.evaluate import Evaluator
    from src.generator_spec import generator_spec
    from utils.zoo_common.onnx_session import OnnxGenerator
    generator = OnnxGenerator(cfg.onnx_path, generator_spec(cfg), use_cuda=cfg.chip == "gpu")
    result = Evaluator(cfg, generator, os.path.join(cfg.output_path, "infer_onnx")).run(cfg.onnx_path)
    for key, value in result.items():
        print(f"{key}: {value:.4f}" if isinstance(value, float) else f"{key}: {value}")


if __name__ == "__main__":
    run_main(main, errors=input_errors)
