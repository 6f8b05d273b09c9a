"""Run the exported WGAN generator with ONNX Runtime and evaluate it as eval.py does (images, samples.png,
SWD / MS-SSIM / FID as configured). The batch is the ONNX file's own.

Writes <output_path>/infer_onnx/: generated_<i>.png, samples.png and <metric>.json.
"""
import os

from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from src.evaluate import run_evaluation
    from src.generator_spec import generator_spec, resolve_generator_config
    from utils.zoo_common.onnx_session import OnnxGenerator

    path = config.onnx_path or os.path.join(config.output_path, "export", config.file_name + ".onnx")
    spec = generator_spec(resolve_generator_config(config)[0])
    generator = OnnxGenerator(path, spec, use_cuda=config.device_target == "GPU")
    print(f"ONNX Runtime providers: {', '.join(generator.providers)}")
    run_evaluation(spec, generator, generator.batch_size or config.eval_batch_size, config,
                   os.path.join(config.output_path, "infer_onnx"), source=f"onnxruntime:{path}")


if __name__ == "__main__":
    run_main(main)
