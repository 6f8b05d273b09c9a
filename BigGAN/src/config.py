"""BigGAN configuration: ``default_config.yaml`` beside the entry points (each key's range is declared on its
line there), overridable by flags; TensorFlow's errors that mean bad input."""
import os

from utils.zoo_common.config import load_config

from .architecture import RESOLUTIONS
from .dataset import SPLITS
from .npu_adapter import CHIPS, PRECISION_MODES

DEFAULT_CONFIG = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "default_config.yaml")
CHOICES = {"chip": CHIPS, "precision_mode": PRECISION_MODES, "dataset_split": ("train", "train+test"),
           "fid_split": tuple(SPLITS), "resolution": RESOLUTIONS, "file_format": ("PB", "ONNX", "ALL")}
# Flags of the reference (Ascend TensorFlow ModelZoo BigGAN, train.py) accepted next to ours.
ALIASES = {"b": "batch_size", "i": "steps", "train_itr": "steps", "c": "num_classes", "d_train_step": "d_steps",
           "log_freq": "log_interval", "save_freq": "save_interval", "beta": "ortho_beta", "dataset": "data_path",
           "output": "output_path", "train_img_size": "resolution", "gen_num": "num_samples",
           "load_model": "resume"}
METRICS = ("is", "fid")


def input_errors():
    """A corrupt checkpoint or graph file surfaces as an OpError: bad input, reported in one line
    (utils.zoo_common.entry); asked only when an exception arrives, so parsing never loads TensorFlow."""
    from .tf_compat import tf
    return (tf.errors.OpError,)


def requested_metrics(text):
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in METRICS]
    if unknown:
        raise ValueError(f"metrics must be a comma-separated subset of {list(METRICS)}, got {unknown}")
    return names


def parse(argv, description):
    """The effective config; a value out of range is a ValueError naming the flag or key."""
    cfg = load_config(DEFAULT_CONFIG, argv, description, CHOICES, ALIASES)
    if cfg.num_samples < cfg.is_splits:
        raise ValueError(f"num_samples ({cfg.num_samples}) must be at least is_splits ({cfg.is_splits})")
    requested_metrics(cfg.metrics)
    return cfg
