"""Evaluate a DCGAN checkpoint: the reference's generate.png (4×4) and the zoo's samples.png, FID against the
training folder with --inception_pb, the D-feature linear SVM with --svm_data_path.

Writes <output_path>/eval/<metric>.json, samples.png and (into --img_url, default <output_path>/eval) generate.png.
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
