"""DCGAN configuration: ``default_config.yaml`` beside the entry points, overridable by flags."""
import os

from utils.zoo_common.config import load_config

DEFAULT_CONFIG = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                              "default_config.yaml")
CHOICES = {
    "device_target": ("CPU", "GPU", "Ascend"),
    "net": ("G", "D_features"),
    "file_format": ("MINDIR", "ONNX", "AIR", "ALL"),
}
# Flags of the ModelZoo reference (research/cv/dcgan) accepted next to ours.
ALIASES = {"ckpt_file": "ckpt_path", "ckpt_url": "ckpt_path", "data_url": "data_path", "train_url": "output_path",
           "run_distribute": "distribute", "epoch_size": "epochs"}


def get_config(argv=None, description=None):
    return load_config(DEFAULT_CONFIG, argv, description, CHOICES, ALIASES)
