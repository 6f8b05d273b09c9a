"""CGAN configuration: ``default_config.yaml`` beside the entry points (each key's range is declared on its
line there), overridable by flags."""
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
# Flags of the ModelZoo reference (research/cv/CGAN) accepted next to ours.
ALIASES = {"G_ckpt_path": "ckpt_path", "ckpt_dir": "ckpt_path", "epoch_size": "epochs"}


def get_config(argv=None, description=None):
    config = load_config(DEFAULT_CONFIG, argv, description, CHOICES, ALIASES)
    if config.num_samples % 10:
        raise ValueError(f"num_samples must be a multiple of 10 (equal samples per class), got {config.num_samples}")
    if config.g_embed_init_std is not None:
        config.g_embed_init_std = _non_negative_number("g_embed_init_std", config.g_embed_init_std)
    if config.export_dir is None:
        config.export_dir = "." if is_reference_export_call(config) else os.path.join(config.output_path, "export")
    return config


def is_reference_export_call(config):
    """``export.py --ckpt_dir G.ckpt`` without ``--output_path``: the reference wrote ./CGAN.mindir."""
    return config.given_as("ckpt_path") == "--ckpt_dir" and config.given_as("output_path") is None


def _non_negative_number(key, value):
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{key} must be a number >= 0 or null, got {value!r}") from None
    if not number >= 0:
        raise ValueError(f"{key} must be a number >= 0 or null, got {value!r}")
    return number
