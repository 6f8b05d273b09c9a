"""Train CGAN on MNIST. See README.md ("Training") and default_config.yaml for every option."""

from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)

    def make_trainer(rank, group_size):
        from src.trainer import Trainer
        return Trainer(config, rank, group_size)

    from utils.zoo_common.ms_runtime import train_on_device
    train_on_device(config, make_trainer)

if __name__ == "__main__":
    run_main(main)
