"""Small WGAN data in the real formats, cut from a real photograph (matplotlib's sample grace_hopper.jpg): an LSUN
LMDB (``data.mdb`` in a folder, keys = hex image ids, values = WebP/JPEG bytes, as the LSUN distribution) and an
exported image folder; and the flags of a seconds-long run."""
import hashlib
import io
import os
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "dcgan"))
from dcgan_fixtures import photo, write_image_folder  # noqa: E402,F401


def photo_crops(count, seed=0):
    pixels, rng = photo(), np.random.default_rng(seed)
    crops = []
    for _ in range(count):
        height, width = rng.integers(36, 81, 2)
        top, left = rng.integers(0, pixels.shape[0] - height), rng.integers(0, pixels.shape[1] - width)
        crops.append(Image.fromarray(pixels[top:top + height, left:left + width]))
    return crops


def encoded(image, fmt):
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, quality=90)
    return buffer.getvalue()


def write_lmdb(folder, count=8, seed=0, extra=()):
    """An LSUN-style LMDB of ``count`` photo crops (WebP, every third JPEG) plus ``extra`` (key, value) records."""
    import lmdb
    os.makedirs(folder, exist_ok=True)
    env = lmdb.open(folder, map_size=1 << 26)
    with env.begin(write=True) as txn:
        for index, crop in enumerate(photo_crops(count, seed)):
            key = hashlib.sha1(f"image {index}".encode()).hexdigest().encode()
            txn.put(key, encoded(crop, "JPEG" if index % 3 == 0 else "WEBP"))
        for key, value in extra:
            txn.put(key, value)
    env.close()
    return folder


def tiny_flags(data, out, epochs=2, seed=7, dataset="lsun"):
    """A seconds-long run at 16×16, width 4: 8 images, batch 2 (4 batches an epoch), 2 critic steps (3 for the first
    generator iteration and every 3rd), a checkpoint every 2 generator iterations and at every epoch end."""
    return ["--dataset", dataset, "--data_path", data, "--output_path", out, "--epochs", str(epochs), "--batch_size", "2",
            "--image_size", "16", "--ngf", "4", "--ndf", "4", "--d_iters", "2", "--d_iters_burst", "3",
            "--burst_until", "1", "--burst_every", "3", "--log_interval", "1", "--save_interval", "2",
            "--sample_interval", "2", "--seed", str(seed), "--num_parallel_workers", "1"]
