"""Run the exported DCGAN generator with ONNX Runtime and evaluate it as eval.py does (sample grids, FID
with --inception_pb).

Writes <output_path>/infer_onnx/generate.png, samples.png and <metric>.json.
"""
import os

from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from src.evaluate import run_evaluation
    from src.generator_spec import generator_spec
    from utils.zoo_common.onnx_session import OnnxGenerator

    path = config.onnx_path or os.path.join(config.output_path, "export", config.file_name + ".onnx")
    generator = OnnxGenerator(path, generator_spec(config), use_cuda=config.device_target == "GPU")
    out_dir = os.path.join(config.output_path, "infer_onnx")
    config.img_url = config.img_url or out_dir
    print(f"ONNX Runtime providers: {', '.join(generator.providers)}")
    run_evaluation(generator, generator.batch_size or config.eval_batch_size, config, out_dir,
                   source=f"onnxruntime:{path}")


if __name__ == "__main__":
    run_main(main)
