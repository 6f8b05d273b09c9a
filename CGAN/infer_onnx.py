"""Run the exported CGAN generator with ONNX Runtime and evaluate it as eval.py does.

Writes <output_path>/infer_onnx/<metric>.json and <output_path>/infer_onnx/samples.png.
"""
import os

from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from src.evaluate import run_evaluation
    from src.generator_spec import generator_spec
    from utils.zoo_common.onnx_session import OnnxGenerator

    path = config.onnx_path or os.path.join(config.export_dir, config.file_name + ".onnx")
    generator = OnnxGenerator(path, generator_spec(config), use_cuda=config.device_target == "GPU")
    print(f"ONNX Runtime providers: {', '.join(generator.providers)}")
    run_evaluation(generator, generator.batch_size or config.eval_batch_size, config, os.path.join(config.output_path, "infer_onnx"),
                   source=f"onnxruntime:{path}")


if __name__ == "__main__":
    run_main(main)
