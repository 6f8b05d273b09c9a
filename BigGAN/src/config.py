"""BigGAN configuration: ``default_config.yaml`` beside the entry points (each key's range is declared on its
line there), overridable by flags; TensorFlow's errors that mean bad input."""
import os

from utils.zoo_common.config import load_config

from .architecture import RESOLUTIONS
from .dataset import SPLITS
from .npu_adapter import CHIPS, PRECISION_MODES
from .tf_compat import tf

DEFAULT_CONFIG = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "default_config.yaml")
CHOICES = {"chip": CHIPS, "precision_mode": PRECISION_MODES, "dataset_split": ("train", "train+test"),
           "fid_split": tuple(SPLITS), "resolution": RESOLUTIONS, "file_format": ("PB", "ONNX", "ALL")}
# Flags of the reference (Ascend TensorFlow ModelZoo BigGAN, train.py) accepted next to ours.
ALIASES = {"b": "batch_size", "i": "steps", "train_itr": "steps", "c": "num_classes", "d_train_step": "d_steps",
           "log_freq": "log_interval", "save_freq": "save_interval", "beta": "ortho_beta", "dataset": "data_path",
           "output": "output_path", "train_img_size": "resolution", "gen_num": "num_samples",
           "load_model": "resume"}
# A corrupt checkpoint or graph file surfaces as an OpError: bad input, reported in one line (utils.zoo_common.entry).
INPUT_ERRORS = (tf.errors.OpError,)


def parse(argv, description):
    """The effective config; a value out of range is a ValueError naming the flag or key."""
    from .evaluate import requested_metrics
    cfg = load_config(DEFAULT_CONFIG, argv, description, CHOICES, ALIASES)
    if cfg.num_samples < cfg.is_splits:
        raise ValueError(f"num_samples ({cfg.num_samples}) must be at least is_splits ({cfg.is_splits})")
    requested_metrics(cfg.metrics)
    return cfg
