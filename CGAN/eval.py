"""Evaluate a CGAN generator checkpoint: Parzen-window log-likelihood and a sample grid.

Writes <output_path>/eval/<metric>.json and <output_path>/eval/samples.png (one row per digit).
"""
import os

from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from utils.zoo_common.ms_runtime import init_context
    init_context(config.device_target, config.device_id)
    from mindspore import Tensor
    from src.checkpoint import load_generator
    from src.evaluate import run_evaluation

    generator, checkpoint = load_generator(config)

    def generate_batch(noise, labels):
        return generator(Tensor(noise), Tensor(labels)).asnumpy()

    run_evaluation(generate_batch, config.eval_batch_size, config,
                   os.path.join(config.output_path, "eval"), source=f"mindspore:{checkpoint}")


if __name__ == "__main__":
    run_main(main)
