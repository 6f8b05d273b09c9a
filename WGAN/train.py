"""Train WGAN (weight clipping) on an LSUN LMDB, an image folder or CIFAR-10. See README.md ("Training") and
default_config.yaml for every option; the reference's flags (--dataset --dataroot --batchSize --Diters --noBN
...) are accepted too."""
import os

from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)

    def make_trainer(rank, group_size):
        from src.trainer import Trainer
        return Trainer(config, rank, group_size)

    from utils.zoo_common.ms_runtime import train_on_device
    trainer = train_on_device(config, make_trainer)
    if trainer.rank == 0:
        from utils.zoo_common.run_log import plot_loss_curve
        plot_loss_curve(os.path.join(config.output_path, "metrics.jsonl"),
                        os.path.join(config.output_path, "wasserstein_curve.png"), ["wasserstein_estimate"],
                        title="Wasserstein estimate −Loss_D")


if __name__ == "__main__":
    run_main(main)
