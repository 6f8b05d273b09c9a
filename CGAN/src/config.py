"""CGAN configuration: ``default_config.yaml`` beside the entry points, overridable by flags."""
import os

from utils.zoo_common.config import load_config

DEFAULT_CONFIG = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                              "default_config.yaml")
CHOICES = {
    "device_target": ("CPU", "GPU", "Ascend"),
    "norm_mode": ("group", "instance", "batch"),
    "protocol": ("paper", "modelzoo"),
    "file_format": ("MINDIR", "ONNX", "AIR", "ALL"),
}
POSITIVE_KEYS = ("epochs", "batch_size", "log_interval", "save_interval", "num_samples",
                 "eval_batch_size", "parzen_chunk")


def get_config(argv=None, description=None):
    config = load_config(DEFAULT_CONFIG, argv, description, CHOICES)
    for key in POSITIVE_KEYS:
        if getattr(config, key) <= 0:
            raise ValueError(f"{key} must be a positive integer, got {getattr(config, key)}")
    if config.num_samples % 10:
        raise ValueError(f"num_samples must be a multiple of 10 (equal samples per class), got {config.num_samples}")
    return config


def output_dir(config, *parts):
    return os.path.join(config.output_path, *parts)
