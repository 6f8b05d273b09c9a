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
           "fid_split": tuple(SPLITS), "resolution": RESOLUTIONS, "file_format": ("pb", "onnx", "both")}


def parse(argv, description):
    return load_config(DEFAULT_CONFIG, argv, description, CHOICES)


def run(main, argv=None):
    """Call ``main(argv)``; a bad input or a divergence becomes one ``error: ...`` line and exit 1."""
    try:
        main(argv)
    except (ValueError, OSError, tf.errors.OpError) as err:  # OpError: e.g. a corrupt checkpoint file
        message = str(err).splitlines()[0] if str(err) else type(err).__name__
        print(f"error: {message}", file=sys.stderr, flush=True)
        sys.exit(1)
