"""Entry-point plumbing: config loading with BigGAN's choices and one-line errors instead of tracebacks."""
import os
import sys

from utils.zoo_common.config import load_config

from .architecture import RESOLUTIONS
from .dataset import SPLITS
from .npu_adapter import CHIPS, PRECISION_MODES
from .tf_compat import tf

DEFAULT_CONFIG = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "default_config.yaml")
CHOICES = {"chip": CHIPS, "precision_mode": PRECISION_MODES, "dataset_split": ("train", "train+test"),
           "fid_split": tuple(SPLITS), "resolution": RESOLUTIONS, "file_format": ("PB", "ONNX", "ALL")}


POSITIVE = ("base_channel", "z_dim", "shared_dim", "num_classes", "steps", "batch_size", "d_steps",
            "standing_stats_batches", "log_interval", "save_interval", "sample_interval", "num_samples",
            "eval_batch_size", "is_splits", "infer_count", "infer_batch", "onnx_opset")
NON_NEGATIVE = ("num_threads", "keep_checkpoint_max", "g_lr", "d_lr", "adam_epsilon", "ortho_beta", "truncation")


def parse(argv, description):
    """The effective config; values out of range are a ValueError naming the key."""
    cfg = load_config(DEFAULT_CONFIG, argv, description, CHOICES)
    for key in POSITIVE:
        if getattr(cfg, key) <= 0:
            raise ValueError(f"{key} must be positive, got {getattr(cfg, key)}")
    for key in NON_NEGATIVE:
        if getattr(cfg, key) < 0:
            raise ValueError(f"{key} must not be negative, got {getattr(cfg, key)}")
    if not 0 <= cfg.ema_decay < 1 or not 0 <= cfg.beta1 < 1 or not 0 <= cfg.beta2 < 1:
        raise ValueError(f"ema_decay, beta1 and beta2 must lie in [0, 1), got {cfg.ema_decay}, {cfg.beta1}, {cfg.beta2}")
    if cfg.num_samples < cfg.is_splits:
        raise ValueError(f"num_samples ({cfg.num_samples}) must be at least is_splits ({cfg.is_splits})")
    return cfg


def run(main, argv=None):
    """Call ``main(argv)``; a bad input or a divergence becomes one ``error: ...`` line and exit 1."""
    try:
        main(argv)
    except (ValueError, OSError, tf.errors.OpError) as err:  # OpError: e.g. a corrupt checkpoint file
        message = str(err).splitlines()[0] if str(err) else type(err).__name__
        print(f"error: {message}", file=sys.stderr, flush=True)
        sys.exit(1)
