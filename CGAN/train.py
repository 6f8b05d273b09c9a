"""Train CGAN on MNIST. See README.md ("Training") and default_config.yaml for every option."""

from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from utils.zoo_common.ms_runtime import init_context
    rank, group_size = init_context(config.device_target, config.device_id, config.distribute,
                                    config.cpu_fast_path)
    from src.trainer import Trainer
    from utils.zoo_common.train_loop import train
    train(config, lambda: Trainer(config, rank, group_size), rank, group_size)


if __name__ == "__main__":
    run_main(main)
