"""Tile a batch of images into one PNG."""
import numpy as np
from PIL import Image

from .atomic_file import atomic_path


def to_uint8(images, value_range=(0.0, 1.0)):
    low, high = value_range
    scaled = (np.asarray(images, np.float32) - low) / (high - low)
    return (np.clip(scaled, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def tile_images(images, ncols, padding=2, pad_value=255):
    """(N, C, H, W) uint8 → (rows·(H+p)+p, ncols·(W+p)+p, C) uint8, filled row by row."""
    count, channels, height, width = images.shape
    nrows = -(-count // ncols)
    grid = np.full((nrows * (height + padding) + padding, ncols * (width + padding) + padding, channels),
                   pad_value, np.uint8)
    for index in range(count):
        row, col = divmod(index, ncols)
        top, left = padding + row * (height + padding), padding + col * (width + padding)
        grid[top:top + height, left:left + width] = images[index].transpose(1, 2, 0)
    return grid


def save_image_grid(images, path, ncols, value_range=(0.0, 1.0), padding=2):
    """Save float images (N, C, H, W) in ``value_range`` as one PNG grid, written atomically."""
    grid = tile_images(to_uint8(images, value_range), ncols, padding)
    picture = Image.fromarray(grid[..., 0] if grid.shape[-1] == 1 else grid)
    with atomic_path(path, suffix=".png") as tmp:
        picture.save(tmp, format="PNG")
    return path


def save_images(images, folder, prefix, value_range=(0.0, 1.0)):
    """Save each image of (N, C, H, W) as ``<folder>/<prefix>_<index>.png``."""
    paths = []
    for index, image in enumerate(to_uint8(images, value_range)):
        pixels = image[0] if image.shape[0] == 1 else image.transpose(1, 2, 0)
        path = f"{folder}/{prefix}_{index:05d}.png"
        Image.fromarray(pixels).save(path)
        paths.append(path)
    return paths
