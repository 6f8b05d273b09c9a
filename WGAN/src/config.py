"""WGAN configuration: ``default_config.yaml`` beside the entry points, overridable by flags, with the reference's
flag names (upstream ``src/args.py``) as aliases."""
import os

from utils.zoo_common.config import load_config

DEFAULT_CONFIG = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                              "default_config.yaml")
CHOICES = {
    "device_target": ("CPU", "GPU", "Ascend"),
    "dataset": ("lsun", "folder", "cifar10"),
    "file_format": ("MINDIR", "ONNX", "AIR", "ALL"),
}
# Flags of the ModelZoo reference (official/cv/WGAN) accepted next to ours.
ALIASES = {"dataroot": "data_path", "data_url": "data_path", "experiment": "output_path", "train_url": "output_path",
           "output_dir": "output_path", "workers": "num_parallel_workers", "batchSize": "batch_size",
           "imageSize": "image_size", "niter": "epochs", "lrD": "lr_d", "lrG": "lr_g", "netG": "net_g",
           "netD": "net_d", "Diters": "d_iters", "noBN": "no_bn", "ckpt_file": "ckpt_path",
           "config": "generator_config", "nimages": "num_images", "input_seed": "eval_seed"}


def get_config(argv=None, description=None):
    config = load_config(DEFAULT_CONFIG, argv, description, CHOICES, ALIASES)
    if config.image_size % 16:
        raise ValueError(f"image_size must be a multiple of 16, got {config.image_size}")
    if not config.clamp_lower < config.clamp_upper:
        raise ValueError(f"clamp_lower must be below clamp_upper, got {config.clamp_lower} and {config.clamp_upper}")
    return config
