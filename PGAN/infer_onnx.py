"""Run the exported PGAN generator with ONNX Runtime and evaluate it as eval.py does (result.jpg, one PNG per
image, SWD / MS-SSIM as configured). The batch and the scale are the ONNX file's own.

Writes <output_path>/infer_onnx/: generated_<i>.png, result.jpg, samples.png and <metric>.json.
"""
import os

from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from src.evaluate import run_evaluation
    from src.inference import inference_spec, onnx_path, onnx_scale
    from utils.zoo_common.onnx_session import OnnxGenerator

    path = onnx_path(config)
    spec, scale = inference_spec(config, onnx_scale(path))
    generator = OnnxGenerator(path, spec, use_cuda=config.device_target == "GPU")
    print(f"ONNX Runtime providers: {', '.join(generator.providers)}")
    out = os.path.join(config.output_path, "infer_onnx")
    run_evaluation(spec, lambda: generator, generator.batch_size or config.eval_batch_size, config, out, out,
                   source=f"onnxruntime:{path}", scale=scale)


if __name__ == "__main__":
    run_main(main)
