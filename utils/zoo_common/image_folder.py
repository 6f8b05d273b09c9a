"""Square images from a folder tree: ImageNet class folders, CelebA's flat ``img_align_celeba``, exported LSUN.

Every file below the folder whose extension is .jpg, .jpeg, .png or .webp (any case) is an image, in
sorted relative-path order; other files and dot-files are ignored. Pillow decodes each one to RGB and
brings it to ``size``×``size`` by one of two geometries:

- ``resize_crop``: the shorter side resized to ``size`` (bilinear, aspect kept), then the centre square
  (DCGAN on ImageNet, WGAN on LSUN);
- ``crop_resize``: a crop box, by default the largest centred square, then a bilinear resize to ``size``
  (PGAN on CelebA with ``CELEBA_BOX``).

Epoch ``e`` visits a permutation drawn from (seed, e) alone, dealt out by rank, so a run resumes mid-epoch
from (epoch, batch index).
"""
import copy
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from PIL import Image

EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
CELEBA_BOX = (57, 25, 128, 128)  # top, left, height, width: PGAN's face crop of the 178×218 CelebA images
MODES = ("resize_crop", "crop_resize")
OUTPUTS = ("float", "uint8", "uint8_hwc")  # NCHW float32 in [-1, 1], NCHW uint8, NHWC uint8
ON_BAD_FILE = ("error", "skip")
LAYOUTS = "class sub-folders (ImageNet), a flat folder (CelebA img_align_celeba) or exported LSUN folders"


def list_images(path):
    """Sorted paths of the image files below ``path``."""
    if not os.path.isdir(path):
        raise FileNotFoundError(f"image folder {path!r} is not a directory (expected {LAYOUTS})")
    found = []
    for folder, subfolders, names in os.walk(path, followlinks=True):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found.extend(os.path.relpath(os.path.join(folder, name), path) for name in names
                     if not name.startswith(".") and name.lower().endswith(EXTENSIONS))
    if not found:
        raise ValueError(f"image folder {path!r} holds no {'/'.join(EXTENSIONS)} files (expected {LAYOUTS})")
    return [os.path.join(path, name) for name in sorted(found, key=lambda name: name.split(os.sep))]


class ImageFolder:
    """Decoded, resized images of a folder, one at a time or in seeded, sharded, resumable batches."""

    def __init__(self, path, size, mode="resize_crop", box=None, output="float", on_bad_file="error",
                 num_workers=1):
        for name, value, allowed in (("mode", mode, MODES), ("output", output, OUTPUTS),
                                     ("on_bad_file", on_bad_file, ON_BAD_FILE)):
            if value not in allowed:
                raise ValueError(f"{name} must be one of {list(allowed)}, got {value!r}")
        if int(size) < 1 or int(num_workers) < 1:
            raise ValueError(f"size and num_workers must be positive, got {size} and {num_workers}")
        if box is not None and (mode != "crop_resize" or len(box) != 4 or min(box[2:]) < 1 or min(box[:2]) < 0):
            raise ValueError(f"box must be (top, left, height, width) with mode 'crop_resize', got {box}")
        self.path, self.size, self.mode, self.output = path, int(size), mode, output
        self.box = tuple(int(v) for v in box) if box is not None else None
        self.on_bad_file, self.num_workers = on_bad_file, int(num_workers)
        self.files = self.list_files(path)
        self.bad_files = {}  # path → reason, for files skipped with on_bad_file="skip"

    def __len__(self):
        return len(self.files)

    def list_files(self, path):
        """The items of the set, in order (here: the image files below ``path``). A subclass reading another
        container (an LMDB, an array) overrides this and ``_decode``, and keeps the rest."""
        return list_images(path)

    def resized(self, size):
        """The same folder at another output size (PGAN's growing scales), sharing the file list."""
        other = copy.copy(self)
        other.size = int(size)
        return other

    def _decode(self, path):
        try:
            with Image.open(path) as image:
                return image.convert("RGB")
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as err:
            reason = (str(err).splitlines() or [type(err).__name__])[0]
            raise ValueError(f"{path!r} is not a readable image ({reason}); expected a JPEG, PNG or WebP file") \
                from None

    def _fit(self, image, path):
        width, height = image.size
        size = self.size
        if self.mode == "resize_crop":
            if width <= height:
                scaled = (size, max(size, int(size * height / width)))
            else:
                scaled = (max(size, int(size * width / height)), size)
            if scaled != image.size:
                image = image.resize(scaled, Image.BILINEAR)
            left, top = (scaled[0] - size) // 2, (scaled[1] - size) // 2
            return image.crop((left, top, left + size, top + size))
        if self.box is None:
            side = min(width, height)
            top, left, box_height, box_width = (height - side) // 2, (width - side) // 2, side, side
        else:
            top, left, box_height, box_width = self.box
            if top + box_height > height or left + box_width > width:
                raise ValueError(f"{path!r} is {width}×{height}, too small for the crop box (top, left, height, "
                                 f"width) {self.box}")
        image = image.crop((left, top, left + box_width, top + box_height))
        return image if image.size == (size, size) else image.resize((size, size), Image.BILINEAR)

    def load(self, index):
        """Image ``index``: CHW float32 in [-1, 1], CHW uint8 or HWC uint8 (``output``)."""
        path = self.files[index]
        pixels = np.asarray(self._fit(self._decode(path), path), np.uint8)
        if self.output == "uint8_hwc":
            return pixels
        pixels = pixels.transpose(2, 0, 1)
        return pixels if self.output == "uint8" else (pixels.astype(np.float32) - 127.5) / 127.5

    def order(self, seed, epoch=0, rank=0, world_size=1):
        """Indices visited by ``rank`` in ``epoch``: a (seed, epoch) permutation (sorted order if seed is None),
        cut to a multiple of ``world_size``, every ``world_size``-th from ``rank``."""
        if not 0 <= rank < world_size:
            raise ValueError(f"rank must be in [0, world_size={world_size}), got {rank}")
        count = len(self.files) // world_size * world_size
        if count == 0:
            raise ValueError(f"{len(self.files)} images in {self.path!r} cannot be shared by {world_size} ranks")
        indices = np.arange(len(self.files)) if seed is None else \
            np.random.default_rng([seed, epoch]).permutation(len(self.files))
        return indices[:count][rank::world_size]

    def steps_per_epoch(self, batch_size, world_size=1, drop_remainder=True):
        share = len(self.files) // world_size
        return share // batch_size if drop_remainder else -(-share // batch_size)

    def _load_from(self, share, position):
        """Image at ``position`` of ``share``; with on_bad_file="skip", the next readable one after a bad file."""
        for offset in range(len(share)):
            path_index = share[(position + offset) % len(share)]
            if self.files[path_index] in self.bad_files:
                continue
            try:
                return self.load(path_index)
            except ValueError as err:
                if self.on_bad_file == "error":
                    raise
                self.bad_files[self.files[path_index]] = str(err)
        raise ValueError(f"no readable image among the {len(share)} files of this rank in {self.path!r}")

    def batches(self, batch_size, seed, epoch=0, rank=0, world_size=1, start_batch=0, drop_remainder=True):
        """Batches of ``epoch`` for ``rank`` from batch ``start_batch`` on (a function of seed and epoch only)."""
        share = self.order(seed, epoch, rank, world_size)
        steps = self.steps_per_epoch(batch_size, world_size, drop_remainder)
        with ThreadPoolExecutor(self.num_workers) as pool:
            for step in range(start_batch, steps):
                positions = range(step * batch_size, min((step + 1) * batch_size, len(share)))
                yield np.stack(list(pool.map(lambda position: self._load_from(share, position), positions)))
