"""Evaluate a WGAN generator checkpoint: num_images PNGs (generated_<i>.png) and their grid samples.png; SWD
(swd<count>, with --data_path), MS-SSIM of generated pairs with the real-pairs baseline, FID with --inception_pb.
G is rebuilt from the run's generator_config.json (--generator_config / the reference's --config).

Writes <output_path>/eval/: the images, samples.png and <metric>.json.
"""

from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from utils.zoo_common.ms_runtime import init_context
    init_context(config.device_target, config.device_id)
    from src.evaluate_mindspore import evaluate_checkpoint
    evaluate_checkpoint(config)


if __name__ == "__main__":
    run_main(main)
