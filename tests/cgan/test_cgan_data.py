"""MNIST readers, splits, resizing and batching of CGAN."""
import os

import numpy as np
import pytest

from CGAN.src import dataset
from conftest import write_idx, write_mnist_folder


def test_idx_raw_and_gz_read_the_same_digits(mnist_idx_dir, mnist_idx_gz_dir):
    raw_images, raw_labels = dataset.read_idx_pair(mnist_idx_dir, "train")
    gz_images, gz_labels = dataset.read_idx_pair(mnist_idx_gz_dir, "train")
    assert raw_images.shape == (160, 28, 28) and raw_images.dtype == np.uint8
    np.testing.assert_array_equal(raw_images, gz_images)
    np.testing.assert_array_equal(raw_labels, gz_labels)
    assert np.bincount(raw_labels).tolist() == [16] * 10


def test_splits_hold_out_the_last_training_images(mnist_idx_dir):
    train, train_labels = dataset.load_mnist(mnist_idx_dir, "train", validation_size=40)
    validation, _ = dataset.load_mnist(mnist_idx_dir, "validation", validation_size=40)
    test, _ = dataset.load_mnist(mnist_idx_dir, "test", validation_size=40)
    everything, _ = dataset.read_idx_pair(mnist_idx_dir, "train")
    assert (len(train), len(validation), len(test)) == (120, 40, 40)
    np.testing.assert_array_equal(np.concatenate([train, validation]), everything)


def test_embedded_digits_split_400_50_50_per_class():
    sizes = {}
    for split in dataset.SPLITS:
        images, labels = dataset.load_mnist(dataset.EMBEDDED, split)
        sizes[split] = np.bincount(labels).tolist()
        assert images.dtype == np.uint8 and images.max() > 200
    assert sizes == {"train": [400] * 10, "validation": [50] * 10, "test": [50] * 10}


@pytest.mark.parametrize("corrupt, message", [
    (lambda data: data[:-5], "holds"),
    (lambda data: b"\x00\x00\x08\x01" + data[4:], "magic number 2049, expected 2051"),
    (lambda data: data[:6], "truncated"),
])
def test_malformed_image_file_is_rejected_with_its_name(tmp_path, corrupt, message):
    folder = write_mnist_folder(str(tmp_path / "mnist"), train_count=20, test_count=10)
    path = os.path.join(folder, "train-images-idx3-ubyte")
    with open(path, "rb") as handle:
        data = handle.read()
    with open(path, "wb") as handle:
        handle.write(corrupt(data))
    with pytest.raises(ValueError, match=message) as info:
        dataset.load_mnist(folder, "train", validation_size=5)
    assert path in str(info.value) and "\n" not in str(info.value)


def test_missing_files_and_bad_labels_are_rejected(tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        dataset.load_mnist(str(tmp_path), "train")
    with pytest.raises(ValueError, match="not a folder"):
        dataset.load_mnist(str(tmp_path / "nowhere"), "train")
    folder = write_mnist_folder(str(tmp_path / "mnist"), train_count=20, test_count=10)
    write_idx(os.path.join(folder, "train-labels-idx1-ubyte"), np.full(20, 11, np.uint8))
    with pytest.raises(ValueError, match="must be 0-9"):
        dataset.load_mnist(folder, "train", validation_size=5)
    write_idx(os.path.join(folder, "train-labels-idx1-ubyte"), np.zeros(19, np.uint8))
    with pytest.raises(ValueError, match="disagree"):
        dataset.load_mnist(folder, "train", validation_size=5)


def naive_half_pixel_bilinear(image, size):
    """Pixel-by-pixel bilinear resampling with half-pixel centres, edges clamped (OpenCV INTER_LINEAR)."""
    height, width = image.shape
    out = np.zeros((size, size))
    for i in range(size):
        for j in range(size):
            y = min(max((i + 0.5) * height / size - 0.5, 0), height - 1)
            x = min(max((j + 0.5) * width / size - 0.5, 0), width - 1)
            y0, x0 = int(y), int(x)
            y1, x1 = min(y0 + 1, height - 1), min(x0 + 1, width - 1)
            dy, dx = y - y0, x - x0
            out[i, j] = ((1 - dy) * ((1 - dx) * image[y0, x0] + dx * image[y0, x1])
                         + dy * ((1 - dx) * image[y1, x0] + dx * image[y1, x1]))
    return out


def test_resize_matches_pixelwise_and_pillow_bilinear():
    from PIL import Image
    images, _ = dataset.load_mnist(dataset.EMBEDDED, "test")
    ours = dataset.resize_images(images[:3], 32)
    for image, resized in zip(images[:3], ours):
        np.testing.assert_allclose(resized, naive_half_pixel_bilinear(image.astype(np.float64), 32), atol=1e-3)
        # Pillow's bilinear filter is the same triangle kernel when enlarging.
        pillow = np.asarray(Image.fromarray(image.astype(np.float32), mode="F").resize((32, 32), Image.BILINEAR))
        np.testing.assert_allclose(resized, pillow, atol=1e-2)
    down = dataset.resize_images(ours, 28)
    np.testing.assert_allclose(down[0], naive_half_pixel_bilinear(ours[0].astype(np.float64), 28), atol=1e-3)


def test_batches_are_seeded_sharded_and_disjoint():
    images = np.arange(40, dtype=np.float32).reshape(40, 1, 1, 1)
    labels = np.arange(40, dtype=np.int32) % 10
    whole = dataset.MnistBatches(images, labels, batch_size=5, seed=3)
    first = [b[1].copy() for b in whole.epoch(1)]
    assert [b[1].tolist() for b in whole.epoch(1)] == [b.tolist() for b in first]
    assert [b[1].tolist() for b in whole.epoch(2)] != [b.tolist() for b in first]
    shards = [dataset.MnistBatches(images, labels, 5, 3, rank, 2) for rank in range(2)]
    seen = [int(v) for shard in shards for batch in shard.epoch(1) for v in batch[0].ravel()]
    assert shards[0].steps_per_epoch == 4 and len(seen) == len(set(seen)) == 40
    with pytest.raises(ValueError, match="fewer than one batch"):
        dataset.MnistBatches(images, labels, batch_size=64, seed=0)


@pytest.mark.parametrize("given", ["root", "train"])
def test_modelzoo_layout_mnist_data_train_and_test(tmp_path, mnist_idx_dir, given):
    """ModelZoo's MNIST_Data/{train,test} folders, given as MNIST_Data or as MNIST_Data/train."""
    root = tmp_path / "MNIST_Data"
    for part, prefix in (("train", "train-"), ("test", "t10k-")):
        os.makedirs(root / part)
        for name in os.listdir(mnist_idx_dir):
            if name.startswith(prefix):
                os.link(os.path.join(mnist_idx_dir, name), root / part / name)
    data_path = str(root if given == "root" else root / "train")
    for split in dataset.SPLITS:
        images, labels = dataset.load_mnist(data_path, split, validation_size=40)
        expected_images, expected_labels = dataset.load_mnist(mnist_idx_dir, split, validation_size=40)
        np.testing.assert_array_equal(images, expected_images)
        np.testing.assert_array_equal(labels, expected_labels)


def test_a_missing_test_folder_names_every_place_looked(tmp_path, mnist_idx_dir):
    train = tmp_path / "MNIST_Data" / "train"
    os.makedirs(train)
    for name in os.listdir(mnist_idx_dir):
        if name.startswith("train-"):
            os.link(os.path.join(mnist_idx_dir, name), train / name)
    with pytest.raises(ValueError) as info:
        dataset.load_mnist(str(train), "test")
    assert str(info.value) == (f"MNIST file 't10k-images-idx3-ubyte' (or .gz) does not exist in '{train}' or "
                               f"'{train / 'test'}' or '{tmp_path / 'MNIST_Data' / 'test'}'")
    with pytest.raises(ValueError, match="does not exist in"):  # no sibling search outside a train/ or test/ folder
        dataset.load_mnist(str(tmp_path), "train")
