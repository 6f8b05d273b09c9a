"""A small CelebA-shaped image folder for PGAN tests, cut from a real photograph (matplotlib's sample
grace_hopper.jpg): flat ``img_align_celeba``-style 178×218 JPEGs (the reference's crop box fits them), and
the flags of a seconds-long run growing 4 → 8."""
import os
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "dcgan"))
from dcgan_fixtures import photo  # noqa: E402

CELEBA_SIZE = (178, 218)  # width, height


def write_celeba_folder(folder, count=8, seed=0):
    """``count`` 178×218 crops of the photo named like CelebA's files (000001.jpg, ...)."""
    pixels, rng = photo(), np.random.default_rng(seed)
    os.makedirs(folder, exist_ok=True)
    width, height = CELEBA_SIZE
    for index in range(count):
        top, left = rng.integers(0, pixels.shape[0] - height), rng.integers(0, pixels.shape[1] - width)
        Image.fromarray(pixels[top:top + height, left:left + width]).save(
            os.path.join(folder, f"{index + 1:06d}.jpg"), quality=92)
    return folder


def tiny_flags(data, out, seed=7, num_batch=(3, 3), save_interval=2):
    """Scales 4 and 8 at width 8 (latent 8), batch 2, 3 iterations each (alpha 1, 0.5, 0 at 8×8), a checkpoint
    every 2 steps and at the end of each scale (steps 2, 3, 4, 6)."""
    return ["--train_data_path", data, "--output_path", out, "--scales", "[4, 8]", "--depth", "[8, 8]",
            "--latent_dim", "8", "--num_batch", str(list(num_batch)), "--alpha_jumps", "[0, 2]",
            "--alpha_size_jumps", "[1, 1]", "--batch_size", "2", "--log_interval", "1",
            "--save_interval", str(save_interval), "--sample_interval", "3", "--seed", str(seed),
            "--num_parallel_workers", "1"]
