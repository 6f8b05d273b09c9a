"""Write an MNIST-format IDX folder (MNIST, Fashion-MNIST: train-/t10k- images-idx3 and labels-idx1, raw
or .gz) as an image folder: ``<out>/<train|test>/class_<label>/<index>.png``, gray pixels as RGB PNGs.

    python -m utils.tools.idx_to_image_folder /usr/share/datasets/fashion-mnist ./fashion_mnist_folder

A way to feed real labelled images to the image-folder models (DCGAN's README run); the IDX files are read
by CGAN's reader.
"""
import argparse
import os

import numpy as np
from PIL import Image

from CGAN.src.dataset import read_idx_pair

SPLITS = ("train", "test")


def write_split(images, labels, folder, limit=None):
    count = len(images) if limit is None else min(limit, len(images))
    for index in range(count):
        sub = os.path.join(folder, f"class_{labels[index]}")
        os.makedirs(sub, exist_ok=True)
        Image.fromarray(np.repeat(images[index][..., None], 3, axis=2)).save(os.path.join(sub, f"{index:05d}.png"))
    return count


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("idx_folder", help="folder of the IDX files")
    parser.add_argument("out_folder", help="image folder to write (train/ and test/ below it)")
    parser.add_argument("--limit", type=int, default=None, help="at most this many images per split")
    args = parser.parse_args(argv)
    for split in SPLITS:
        images, labels = read_idx_pair(args.idx_folder, split)
        written = write_split(images, labels, os.path.join(args.out_folder, split), args.limit)
        print(f"{split}: {written} images in {os.path.join(args.out_folder, split)}")


if __name__ == "__main__":
    main()
