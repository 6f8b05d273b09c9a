"""Train PGAN: progressive growing 4 → 128 (per the scales of the config) with WGAN-GP, an averaged
generator and fade-ins. See README.md ("Training") and default_config.yaml for every option. The reference's
command works as written: python train.py --train_data_path /path/img_align_celeba --config_path ./910_config.yaml"""
from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)
    if not config.train_data_path:
        raise ValueError("train_data_path is required: a folder of training images (e.g. img_align_celeba)")

    def make_trainer(rank, group_size):
        from src.trainer import Trainer
        return Trainer(config, rank, group_size)

    from utils.zoo_common.ms_runtime import train_on_device
    train_on_device(config, make_trainer)


if __name__ == "__main__":
    run_main(main)
