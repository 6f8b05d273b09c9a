"""WGAN data: the LSUN LMDB read directly (a tiny LMDB in the real layout), the exported image folder, CIFAR-10
upsampled to 64×64, and bad inputs as one error naming the file."""
import os
import sys

import numpy as np
import pytest
from PIL import Image

from WGAN.src.config import get_config
from WGAN.src.dataset import Cifar10Images, LmdbImages, open_dataset, open_lmdb
from conftest import ZOO_ROOT, error_lines, run_python
from utils.zoo_common.image_folder import ImageFolder
from wgan_fixtures import tiny_flags, write_lmdb

sys.path.insert(0, os.path.join(ZOO_ROOT, "tests", "biggan"))
from biggan_fixtures import synthetic_batches, write_binary  # noqa: E402


def config_for(data, dataset="lsun", *flags):
    return get_config(["--dataset", dataset, "--data_path", data, "--batch_size", "2", *flags])


def exported_folder(lmdb_path, folder):
    """The LMDB exported as the LSUN tools do: one file per record named by its key, in one class folder."""
    os.makedirs(os.path.join(folder, "bedroom"), exist_ok=True)
    with open_lmdb(lmdb_path).begin() as txn:
        for key, value in txn.cursor():
            with open(os.path.join(folder, "bedroom", key.decode() + ".webp"), "wb") as handle:
                handle.write(value)
    return folder


def test_the_lmdb_reader_decodes_every_record_as_the_exported_folder(tmp_path):
    lmdb_path = write_lmdb(str(tmp_path / "bedroom_train_lmdb"), count=6)
    images = open_dataset(config_for(lmdb_path))
    assert isinstance(images, LmdbImages) and len(images) == 6
    assert images.files == sorted(images.files)  # key order, as LMDB stores them
    folder = open_dataset(config_for(exported_folder(lmdb_path, str(tmp_path / "exported"))))
    assert type(folder) is ImageFolder and len(folder) == 6
    for index in range(6):
        lmdb_image = images.load(index)
        assert lmdb_image.shape == (3, 64, 64) and lmdb_image.dtype == np.float32
        assert -1.0 <= lmdb_image.min() and lmdb_image.max() <= 1.0
        np.testing.assert_array_equal(lmdb_image, folder.load(index))
    first = next(images.batches(2, seed=3, epoch=0))
    order = images.order(3, 0)
    np.testing.assert_array_equal(first[1], images.load(order[1]))
    # resumable: batch 2 of epoch 1 is the same whether started there or reached from the start
    resumed = next(images.batches(2, seed=3, epoch=1, start_batch=2))
    np.testing.assert_array_equal(resumed, list(images.batches(2, seed=3, epoch=1))[2])


def test_the_lmdb_image_is_the_resized_centre_crop(tmp_path):
    lmdb_path = write_lmdb(str(tmp_path / "lmdb"), count=1)
    images = LmdbImages(lmdb_path, 16, output="uint8_hwc")
    import io
    with open_lmdb(lmdb_path).begin() as txn:
        raw = Image.open(io.BytesIO(txn.get(images.files[0]))).convert("RGB")
    width, height = raw.size
    scaled = (16, max(16, int(16 * height / width))) if width <= height else (max(16, int(16 * width / height)), 16)
    expected = raw.resize(scaled, Image.BILINEAR)
    left, top = (scaled[0] - 16) // 2, (scaled[1] - 16) // 2
    np.testing.assert_array_equal(images.load(0), np.asarray(expected.crop((left, top, left + 16, top + 16))))


def test_cifar10_is_upsampled_to_64(tmp_path):
    batches = synthetic_batches(per_file=4)
    data = write_binary(str(tmp_path / "cifar-10-batches-bin"), batches)
    images = open_dataset(config_for(data, "cifar10"))
    assert isinstance(images, Cifar10Images) and len(images) == 20  # the 5 training batches
    first = Image.fromarray(batches["data_batch_1"][0][0].reshape(3, 32, 32).transpose(1, 2, 0))
    expected = np.asarray(first.resize((64, 64), Image.BILINEAR), np.float32).transpose(2, 0, 1)
    np.testing.assert_allclose(images.load(0), (expected - 127.5) / 127.5)


@pytest.mark.parametrize("case", ["not_lmdb", "empty_lmdb", "missing", "too_few"])
def test_bad_data_is_one_error_naming_the_file(tmp_path, case):
    root = tmp_path / "data"
    if case == "not_lmdb":
        root.mkdir()
        (root / "data.mdb").write_bytes(b"\0" * 100)
        data, fragment = str(root), f"{str(root / 'data.mdb')!r} is not a readable LMDB database"
    elif case == "empty_lmdb":
        data, fragment = write_lmdb(str(root), count=0), f"LMDB {str(root / 'data.mdb')!r} holds no records"
    elif case == "missing":
        data, fragment = str(root), f"data_path {str(root)!r} is not a directory"
    else:
        data, fragment = write_lmdb(str(root), count=3), f"{str(root)!r} holds 3 image(s): too few for one batch of 4"
    with pytest.raises(ValueError) as raised:
        open_dataset(config_for(data, "lsun", "--batch_size", "4"))
    assert fragment in str(raised.value) and "\n" not in str(raised.value)


def test_a_bad_lmdb_record_stops_training_with_one_error_line(tmp_path):
    data = write_lmdb(str(tmp_path / "data"), count=2, extra=[(b"ffff", b"not an image at all")])
    result = run_python(os.path.join(ZOO_ROOT, "WGAN", "train.py"), *tiny_flags(data, str(tmp_path / "out"), epochs=1),
                        "--batch_size", "1", cwd=os.path.join(ZOO_ROOT, "WGAN"))
    lines = error_lines(result.stderr)
    assert result.returncode == 1 and len(lines) == 1, result.stderr[-2000:]
    assert lines[0].startswith(f"error: LMDB {os.path.join(data, 'data.mdb')!r} record 'ffff' is not a readable image")
