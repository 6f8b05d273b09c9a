"""PGAN configuration: ``default_config.yaml`` beside the entry points, overridable by flags and by
``--config_path`` files (910_config.yaml, gpu_config.yaml), with the reference's flag names as aliases."""
import os

from utils.zoo_common.config import load_config

DEFAULT_CONFIG = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                              "default_config.yaml")
CHOICES = {
    "device_target": ("CPU", "GPU", "Ascend"),
    "crop": ("celeba", "center"),
    "downsample": ("avg", "max"),
    "file_format": ("MINDIR", "ONNX", "AIR", "ALL"),
}
# Flags of the ModelZoo reference (research/cv/PGAN) accepted next to ours.
ALIASES = {"checkpoint_g": "ckpt_path", "original_img_dir": "train_data_path", "model_save_step": "save_interval",
           "nimages": "num_images", "data_path": "train_data_path"}
PER_SCALE = ("depth", "num_batch", "alpha_jumps", "alpha_size_jumps")


def per_scale(values, default, count, name):
    """A per-scale list: ``values`` when given (one per scale), else ``default`` at every scale."""
    if not values:
        return [default] * count
    if len(values) != count:
        raise ValueError(f"{name} must have one value per scale ({count}), got {len(values)}")
    return list(values)


def check(config):
    scales = config.scales
    if not scales or scales[0] != 4 or any(b != 2 * a for a, b in zip(scales, scales[1:])):
        raise ValueError(f"scales must be 4, 8, 16, ... (each twice the previous), got {scales}")
    replaced = ((("num_batch",) if config.num_kimg else ())
                + (("alpha_jumps", "alpha_size_jumps") if config.fade_kimg else ()))   # counted in images instead
    for name in PER_SCALE:
        if name not in replaced and len(getattr(config, name)) != len(scales):
            raise ValueError(f"{name} must have one value per scale ({len(scales)}), got {getattr(config, name)}")
    for name in ("num_kimg", "fade_kimg"):
        if getattr(config, name) and len(getattr(config, name)) != len(scales):
            raise ValueError(f"{name} must be [] or one value per scale ({len(scales)}), got {getattr(config, name)}")
    config.batch_size_list = per_scale(config.batch_size_list, config.batch_size, len(scales), "batch_size_list")
    config.lr_list = per_scale(config.lr_list, config.lr, len(scales), "lr_list")
    if config.ema_bias_correction and not 0 <= config.ema_decay < 1:
        raise ValueError(f"ema_decay must be in [0, 1) with ema_bias_correction, got {config.ema_decay}")
    if config.eval_scale is not None and int(config.eval_scale) not in scales:
        raise ValueError(f"eval_scale must be one of the scales {scales}, got {config.eval_scale}")
    return config


def get_config(argv=None, description=None):
    return check(load_config(DEFAULT_CONFIG, argv, description, CHOICES, ALIASES))
