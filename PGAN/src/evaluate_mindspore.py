"""eval.py's work: the checkpoint's averaged generator in MindSpore, at its scale, through evaluate.py."""
import os

from mindspore import Tensor

from .checkpoint import load_average_generator
from .evaluate import run_evaluation
from .generator_spec import generator_spec


def evaluate_checkpoint(config):
    generator, checkpoint, description, scale = load_average_generator(config)
    spec = generator_spec(description, scale, config.eval_alpha)
    if len(spec.inputs) == 1:
        from .model import NoiseOnly
        generator = NoiseOnly(generator)
    def generate_batch(*inputs):
        return generator(*[Tensor(x) for x in inputs]).asnumpy()
    return run_evaluation(spec, lambda: generate_batch,
                          config.eval_batch_size, config, os.path.join(config.output_path, "eval"),
                          config.img_out_dir or os.path.join(config.output_path, "img_eval"),
                          source=f"mindspore:{checkpoint}", scale=scale)
