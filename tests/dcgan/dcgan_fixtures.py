"""Small ImageNet-style image folders for DCGAN tests, cut from a real photograph (matplotlib's sample
grace_hopper.jpg): class sub-folders holding JPEG and PNG files of different sizes and aspect ratios."""
import os

import numpy as np
from PIL import Image


def photo():
    import matplotlib
    path = os.path.join(os.path.dirname(matplotlib.__file__), "mpl-data", "sample_data", "grace_hopper.jpg")
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def write_image_folder(folder, count=8, seed=0):
    """``count`` crops of the photo (36–80 px a side), alternately JPEG and PNG, in two class folders."""
    pixels, rng = photo(), np.random.default_rng(seed)
    for index in range(count):
        height, width = rng.integers(36, 81, 2)
        top, left = rng.integers(0, pixels.shape[0] - height), rng.integers(0, pixels.shape[1] - width)
        crop = Image.fromarray(pixels[top:top + height, left:left + width])
        sub = os.path.join(folder, f"n0{index % 2}")
        os.makedirs(sub, exist_ok=True)
        if index % 2:
            crop.save(os.path.join(sub, f"img_{index}.png"))
        else:
            crop.save(os.path.join(sub, f"img_{index}.JPEG"), quality=90)
    return folder


def tiny_flags(data, out, epochs=3, seed=7):
    """A seconds-long run: 8 images, batch 4 (2 steps an epoch), width 8, a checkpoint every epoch."""
    return ["--data_path", data, "--output_path", out, "--epochs", str(epochs), "--batch_size", "4", "--ngf", "8",
            "--ndf", "8", "--log_interval", "1", "--save_interval", "1", "--seed", str(seed),
            "--num_parallel_workers", "1"]
