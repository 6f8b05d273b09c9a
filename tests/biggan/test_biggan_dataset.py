"""CIFAR-10 loading from .mat, python pickle and binary batches; bad files rejected clearly."""
import os
import subprocess

import numpy as np
import pytest
import scipy.io

from BigGAN.src.dataset import BatchSampler, detect_format, load_cifar10, to_model_range
from biggan_fixtures import MODEL_DIR, PYTHON, SUBPROCESS_ENV, synthetic_batches, write_binary, write_mat, write_python

WRITERS = {"mat": write_mat, "python": write_python, "binary": write_binary}


@pytest.fixture(scope="module")
def batches():
    return synthetic_batches(per_file=12)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_each_format_decodes_planar_rows_to_nhwc(tmp_path, batches, fmt):
    folder = WRITERS[fmt](str(tmp_path / fmt), batches)
    assert detect_format(folder) == (folder, fmt)
    images, labels = load_cifar10(folder, "train")
    assert images.shape == (60, 32, 32, 3) and images.dtype == np.uint8
    data, first_labels = batches["data_batch_1"]
    # Row layout: 1024 R bytes, 1024 G, 1024 B, each a row-major 32×32 plane.
    assert images[0, 5, 7, 0] == data[0, 5 * 32 + 7]
    assert images[0, 5, 7, 1] == data[0, 1024 + 5 * 32 + 7]
    assert images[0, 31, 0, 2] == data[0, 2048 + 31 * 32]
    np.testing.assert_array_equal(labels[:12], first_labels)
    assert labels.dtype == np.int32


def test_formats_agree_and_splits_are_explicit(tmp_path, batches):
    loaded = [load_cifar10(WRITERS[f](str(tmp_path / f), batches), "train") for f in sorted(WRITERS)]
    for images, labels in loaded[1:]:
        np.testing.assert_array_equal(images, loaded[0][0])
        np.testing.assert_array_equal(labels, loaded[0][1])
    folder = str(tmp_path / "mat")
    assert load_cifar10(folder, "test")[0].shape[0] == 12
    both, _ = load_cifar10(folder, "train+test")
    assert both.shape[0] == 72
    np.testing.assert_array_equal(both[60:], load_cifar10(folder, "test")[0])


@pytest.mark.parametrize("fmt, sub", [("python", "cifar-10-batches-py"), ("binary", "cifar-10-batches-bin"),
                                      ("mat", "cifar-10-batches-mat")])
def test_distribution_subfolder_is_found(tmp_path, batches, fmt, sub):
    """data_path may be the folder an archive was unpacked into (cifar-10-matlab.tar.gz → cifar-10-batches-mat)."""
    WRITERS[fmt](str(tmp_path / sub), batches)
    assert detect_format(str(tmp_path)) == (str(tmp_path / sub), fmt)
    assert load_cifar10(str(tmp_path))[0].shape[0] == 60


def test_mat_labels_may_be_any_vector(tmp_path, batches):
    folder = write_mat(str(tmp_path / "mat"), batches)
    data, labels = batches["data_batch_1"]
    scipy.io.savemat(os.path.join(folder, "data_batch_1.mat"), {"data": data, "labels": labels.astype(np.uint8)},
                     oned_as="row")
    assert scipy.io.loadmat(os.path.join(folder, "data_batch_1.mat"))["labels"].shape == (1, 12)
    loaded, loaded_labels = load_cifar10(folder)
    np.testing.assert_array_equal(loaded_labels[:12], labels)
    np.testing.assert_array_equal(loaded[0, 5, 7, 0], data[0, 5 * 32 + 7])
    scipy.io.savemat(os.path.join(folder, "data_batch_1.mat"),
                     {"data": data, "labels": np.zeros((6, 2), np.uint8)})
    with pytest.raises(ValueError, match=r"'labels' must be a vector of N labels .*got \[6, 2\]"):
        load_cifar10(folder)
    scipy.io.savemat(os.path.join(folder, "data_batch_1.mat"),
                     {"data": data, "labels": labels[:10].astype(np.uint8)}, oned_as="row")
    with pytest.raises(ValueError, match="expected 12 labels"):
        load_cifar10(folder)


def test_missing_mat_key_is_named(tmp_path, batches):
    folder = write_mat(str(tmp_path), batches)
    data, _ = batches["data_batch_2"]
    scipy.io.savemat(os.path.join(folder, "data_batch_2.mat"), {"data": data})
    with pytest.raises(ValueError, match=r"data_batch_2\.mat: missing key 'labels'"):
        load_cifar10(folder)


def test_wrong_shapes_and_sizes_are_rejected(tmp_path, batches):
    folder = write_mat(str(tmp_path / "mat"), batches)
    scipy.io.savemat(os.path.join(folder, "data_batch_1.mat"),
                     {"data": np.zeros((4, 1024), np.uint8), "labels": np.zeros((4, 1), np.uint8)})
    with pytest.raises(ValueError, match=r"'data' must have shape \[N, 3072\], got \[4, 1024\]"):
        load_cifar10(folder)
    folder = write_binary(str(tmp_path / "bin"), batches)
    with open(os.path.join(folder, "data_batch_3.bin"), "ab") as handle:
        handle.write(b"\x00" * 5)
    with pytest.raises(ValueError, match="not a multiple of the 3073-byte"):
        load_cifar10(folder)
    folder = write_mat(str(tmp_path / "labels"), batches)
    scipy.io.savemat(os.path.join(folder, "test_batch.mat"),
                     {"data": np.zeros((2, 3072), np.uint8), "labels": np.array([[3], [12]], np.uint8)})
    with pytest.raises(ValueError, match=r"labels must lie in 0\.\.9"):
        load_cifar10(folder, "test")


def test_missing_files_are_named(tmp_path, batches):
    with pytest.raises(FileNotFoundError, match="no CIFAR-10 batches"):
        load_cifar10(str(tmp_path))
    folder = write_binary(str(tmp_path / "bin"), batches)
    os.remove(os.path.join(folder, "data_batch_4.bin"))
    with pytest.raises(FileNotFoundError, match=r"data_batch_4\.bin' is missing"):
        load_cifar10(folder)


def test_sampler_state_round_trip(batches, tmp_path):
    images, labels = load_cifar10(write_mat(str(tmp_path), batches))
    first = BatchSampler(images, labels, 7, seed=3)
    for _ in range(10):  # crosses an epoch boundary
        first.next_batch()
    second = BatchSampler(images, labels, 7, seed=99)
    second.set_state(first.get_state())
    for _ in range(12):
        (a, la), (b, lb) = first.next_batch(), second.next_batch()
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(la, lb)
    assert first.epoch >= 1
    scaled = to_model_range(np.array([0, 255], np.uint8))
    np.testing.assert_allclose(scaled, [-1.0, 1.0])


def test_train_cli_rejects_a_bad_dataset_in_one_line(tmp_path, batches):
    folder = write_mat(str(tmp_path / "data"), batches)
    data, _ = batches["data_batch_1"]
    scipy.io.savemat(os.path.join(folder, "data_batch_1.mat"), {"labels": np.zeros((12, 1), np.uint8)})
    result = subprocess.run([PYTHON, os.path.join(MODEL_DIR, "train.py"), f"--data_path={folder}",
                             f"--output_path={tmp_path / 'out'}"], capture_output=True, text=True, env=SUBPROCESS_ENV, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"error: {folder}/data_batch_1.mat: missing key 'data' (expected 'data' uint8 [N, 3072] and "
        "'labels' uint8 [N, 1] or [1, N])")
    assert "Traceback" not in result.stderr
