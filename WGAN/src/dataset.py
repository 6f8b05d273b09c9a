"""WGAN's training data (specs/WGAN.md §3), every source giving image_size² RGB images through one interface
(utils/zoo_common/image_folder.ImageFolder: decode, resize the shorter side bilinearly, centre-crop; seeded,
sharded, resumable batches):

- ``lsun`` with an LMDB: the LSUN distribution's database read directly (``bedroom_train_lmdb/`` holding
  ``data.mdb``): keys are image ids, values encoded images (WebP in LSUN; any format Pillow reads);
- ``lsun`` without one, or ``folder``: an image folder (the LMDB exported by the LSUN tools, class
  sub-folders or flat; JPEG/PNG/WebP);
- ``cifar10``: the CIFAR-10 training batches (binary, python pickle or .mat), 32×32 upsampled bilinearly.

A missing or malformed source is one ValueError naming the file and what was expected.
"""
import io
import os

from PIL import Image

from utils.zoo_common.cifar10 import load_cifar10
from utils.zoo_common.image_folder import ImageFolder

LMDB_DATA_FILE = "data.mdb"
_OPEN_ENVIRONMENTS = {}  # py-lmdb opens one environment per path and process: share it


def open_lmdb(path):
    """The read-only LMDB environment of folder ``path`` (opened once per process)."""
    import lmdb
    key = os.path.realpath(path)
    if key not in _OPEN_ENVIRONMENTS:
        _OPEN_ENVIRONMENTS[key] = lmdb.open(path, readonly=True, lock=False, readahead=False, max_readers=256)
    return _OPEN_ENVIRONMENTS[key]


def is_lmdb(path):
    return os.path.isfile(os.path.join(path, LMDB_DATA_FILE))


class LmdbImages(ImageFolder):
    """The records of an LSUN LMDB, in key order."""

    def list_files(self, path):
        import lmdb
        data_file = os.path.join(path, LMDB_DATA_FILE)
        if not os.path.isfile(data_file):
            raise ValueError(f"LMDB folder {path!r} has no {LMDB_DATA_FILE} (expected an LSUN database such as "
                             "bedroom_train_lmdb/)")
        try:
            self._env = open_lmdb(path)
            with self._env.begin() as txn:
                keys = list(txn.cursor().iternext(keys=True, values=False))
        except lmdb.Error as err:
            raise ValueError(f"{data_file!r} is not a readable LMDB database ({err})") from None
        if not keys:
            raise ValueError(f"LMDB {data_file!r} holds no records (expected one encoded image per key)")
        return keys

    def _decode(self, key):
        with self._env.begin() as txn:
            value = txn.get(key)
        try:
            with Image.open(io.BytesIO(value)) as image:
                return image.convert("RGB")
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as err:
            reason = (str(err).splitlines() or [type(err).__name__])[0]
            raise ValueError(f"LMDB {os.path.join(self.path, LMDB_DATA_FILE)!r} record {key.decode(errors='replace')!r}"
                             f" is not a readable image ({reason}); expected WebP, JPEG or PNG bytes") from None


class Cifar10Images(ImageFolder):
    """The CIFAR-10 training images (labels unused), resized from 32×32 like any other image."""

    def list_files(self, path):
        self._pixels, _ = load_cifar10(path, "train")
        return list(range(len(self._pixels)))

    def _decode(self, index):
        return Image.fromarray(self._pixels[index])


def source_class(config):
    if config.dataset == "cifar10":
        return Cifar10Images
    if config.dataset == "lsun" and is_lmdb(config.data_path):
        return LmdbImages
    return ImageFolder


def open_dataset(config, group_size=1, output="float", check_batch=True, image_size=None):
    """The training images of ``config`` (dataset, data_path, image_size unless ``image_size`` is given),
    checked to give at least one full batch per worker."""
    if not config.data_path:
        raise ValueError("data_path is required: an LSUN LMDB folder, an image folder or a CIFAR-10 folder")
    if not os.path.isdir(config.data_path):
        raise ValueError(f"data_path {config.data_path!r} is not a directory (expected an LSUN LMDB folder, an "
                         "image folder or a CIFAR-10 folder)")
    images = source_class(config)(config.data_path, image_size or config.image_size, output=output,
                                  num_workers=config.num_parallel_workers)
    if check_batch and images.steps_per_epoch(config.batch_size, group_size) == 0:
        raise ValueError(f"{config.data_path!r} holds {len(images)} image(s): too few for one batch of "
                         f"{config.batch_size} per worker ({group_size} worker(s)); lower batch_size")
    return images
