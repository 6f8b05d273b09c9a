"""eval.py's work: the checkpoint's G in MindSpore (built from the run's generator_config.json), through evaluate.py."""
import os

from mindspore import Tensor

from .checkpoint import load_generator
from .evaluate import run_evaluation
from .generator_spec import generator_spec


def evaluate_checkpoint(config):
    generator, checkpoint, description = load_generator(config)
    return run_evaluation(generator_spec(description), lambda noise: generator(Tensor(noise)).asnumpy(),
                          config.eval_batch_size, config, os.path.join(config.output_path, "eval"),
                          source=f"mindspore:{checkpoint}")
