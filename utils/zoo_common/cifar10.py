"""CIFAR-10 in its three distributed formats, read into memory as uint8 NHWC images and int32 labels
(BigGAN's training data, DCGAN's transfer-protocol data).

Formats (all: 10,000 images per batch file, each row 1024 R, 1024 G, 1024 B bytes of a 32×32 image):
- MATLAB ``cifar-10-matlab.tar.gz`` → ``cifar-10-batches-mat``: ``data_batch_{1..5}.mat``,
  ``test_batch.mat`` with keys ``data`` uint8 [N, 3072] and ``labels`` uint8 [N, 1] (any vector of N).
- Python ``cifar-10-batches-py``: pickled dicts ``data_batch_{1..5}``, ``test_batch`` with keys
  ``data`` uint8 [N, 3072] and ``labels`` (list of N ints).
- Binary ``cifar-10-batches-bin``: ``data_batch_{1..5}.bin``, ``test_batch.bin`` holding records of
  1 label byte + 3072 pixel bytes.
"""
import os
import pickle

import numpy as np

NUM_CLASSES = 10
IMAGE_BYTES = 3 * 32 * 32
TRAIN_FILES = [f"data_batch_{i}" for i in range(1, 6)]
TEST_FILES = ["test_batch"]
SPLITS = {"train": TRAIN_FILES, "test": TEST_FILES, "train+test": TRAIN_FILES + TEST_FILES}
FORMATS = {"mat": ".mat", "python": "", "binary": ".bin"}


def _planar_rows_to_nhwc(data, path):
    data = np.asarray(data)
    if data.ndim != 2 or data.shape[1] != IMAGE_BYTES:
        raise ValueError(f"{path}: 'data' must have shape [N, {IMAGE_BYTES}], got {list(data.shape)}")
    if data.dtype != np.uint8:
        raise ValueError(f"{path}: 'data' must be uint8, got {data.dtype}")
    return data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)


def _checked_labels(labels, count, path):
    labels = np.asarray(labels).reshape(-1)
    if labels.shape[0] != count:
        raise ValueError(f"{path}: expected {count} labels (one per image), got {labels.shape[0]}")
    if labels.size and (labels.min() < 0 or labels.max() >= NUM_CLASSES):
        raise ValueError(f"{path}: labels must lie in 0..{NUM_CLASSES - 1}, got {labels.min()}..{labels.max()}")
    return labels.astype(np.int32)


def _read_mat(path):
    import scipy.io
    try:
        content = scipy.io.loadmat(path)
    except Exception as err:  # scipy raises several unrelated types for a malformed file
        raise ValueError(f"{path}: not a readable MATLAB file ({err})") from None
    for key in ("data", "labels"):
        if key not in content:
            raise ValueError(f"{path}: missing key {key!r} (expected 'data' uint8 [N, 3072] and "
                             f"'labels' uint8 [N, 1] or [1, N])")
    labels = np.asarray(content["labels"])
    if sum(size > 1 for size in labels.shape) > 1:
        raise ValueError(f"{path}: 'labels' must be a vector of N labels ([N, 1], [1, N] or [N]), "
                         f"got {list(labels.shape)}")
    images = _planar_rows_to_nhwc(content["data"], path)
    return images, _checked_labels(labels, images.shape[0], path)


def _read_python(path):
    try:
        with open(path, "rb") as handle:
            content = pickle.load(handle, encoding="bytes")
    except (pickle.UnpicklingError, EOFError, ValueError) as err:
        raise ValueError(f"{path}: not a CIFAR-10 python pickle batch ({err})") from None
    if not isinstance(content, dict):
        raise ValueError(f"{path}: expected a pickled dict with keys 'data' and 'labels'")
    content = {k.decode("latin1") if isinstance(k, bytes) else k: v for k, v in content.items()}
    for key in ("data", "labels"):
        if key not in content:
            raise ValueError(f"{path}: missing key {key!r} (expected 'data' uint8 [N, 3072] and 'labels' list)")
    images = _planar_rows_to_nhwc(content["data"], path)
    return images, _checked_labels(content["labels"], images.shape[0], path)


def _read_binary(path):
    raw = np.fromfile(path, np.uint8)
    record = IMAGE_BYTES + 1
    if raw.size == 0 or raw.size % record:
        raise ValueError(f"{path}: size {raw.size} bytes is not a multiple of the {record}-byte CIFAR-10 record")
    raw = raw.reshape(-1, record)
    images = _planar_rows_to_nhwc(raw[:, 1:], path)
    return images, _checked_labels(raw[:, 0], images.shape[0], path)


_READERS = {"mat": _read_mat, "python": _read_python, "binary": _read_binary}
_DISTRIBUTION_FOLDERS = ["", "cifar-10-batches-mat", "cifar-10-batches-py", "cifar-10-batches-bin"]


def detect_format(data_path):
    """(folder, format) of the CIFAR-10 batches found in ``data_path`` or its distribution sub-folder."""
    if not os.path.isdir(data_path):
        raise FileNotFoundError(f"data_path {data_path!r} is not a directory (expected a CIFAR-10 folder)")
    for sub in _DISTRIBUTION_FOLDERS:
        folder = os.path.join(data_path, sub) if sub else data_path
        for name, extension in FORMATS.items():
            if os.path.isfile(os.path.join(folder, TRAIN_FILES[0] + extension)):
                return folder, name
    raise FileNotFoundError(f"no CIFAR-10 batches in {data_path!r} or its {', '.join(_DISTRIBUTION_FOLDERS[1:])} "
                            "folder: expected data_batch_1.mat, data_batch_1 (python pickle) or data_batch_1.bin")


def load_cifar10(data_path, split="train"):
    """(images uint8 [N, 32, 32, 3], labels int32 [N]) of ``split`` ("train", "test" or "train+test")."""
    if split not in SPLITS:
        raise ValueError(f"dataset split must be one of {list(SPLITS)}, got {split!r}")
    folder, fmt = detect_format(data_path)
    images, labels = [], []
    for stem in SPLITS[split]:
        path = os.path.join(folder, stem + FORMATS[fmt])
        if not os.path.isfile(path):
            raise FileNotFoundError(f"CIFAR-10 file {path!r} is missing (split {split!r}, {fmt} format)")
        batch_images, batch_labels = _READERS[fmt](path)
        images.append(batch_images)
        labels.append(batch_labels)
    return np.concatenate(images), np.concatenate(labels)
