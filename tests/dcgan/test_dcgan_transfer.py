"""The transfer protocol (DCGAN/src/transfer.py): labelled data from CIFAR-10 batches or class folders, D
features one row per image, the SVM scored per feature set."""
import os
import sys
import types

import mindspore as ms
import numpy as np
import pytest
from mindspore import Tensor
from PIL import Image

from DCGAN.src.model import DiscriminatorFeatures, build_networks, feature_size
from DCGAN.src.transfer import labelled_images, svm_transfer
from conftest import ZOO_ROOT

sys.path.insert(0, os.path.join(ZOO_ROOT, "tests", "biggan"))
from biggan_fixtures import synthetic_batches, write_binary  # noqa: E402  (CIFAR-10 files in the real formats)

ms.set_context(mode=ms.GRAPH_MODE)
ms.set_device("CPU")


def config_for(path, train_count=1000):
    return types.SimpleNamespace(svm_data_path=path, svm_train_count=train_count, eval_seed=5, eval_batch_size=8,
                                 svm_c=0.01)


@pytest.fixture(scope="module")
def d_features():
    discriminator = build_networks(seed=1, ngf=8, ndf=8)[1]
    extractor = DiscriminatorFeatures(discriminator)
    extractor.set_train(False)
    return lambda images: extractor(Tensor(images)).asnumpy()


def test_cifar10_batches_raw_pixels_and_d_features(tmp_path, d_features):
    data = write_binary(str(tmp_path / "cifar-10-batches-bin"), synthetic_batches(per_file=8))
    name, result = svm_transfer({"d_features": d_features, "raw_pixels": lambda images: images},
                                config_for(data, train_count=30))
    assert name == "svm_linear_cifar10"
    assert result["train_images"] == 30 and result["test_images"] == 8
    assert result["runs"]["d_features"]["features"] == feature_size(8) == 1792
    assert result["runs"]["raw_pixels"]["features"] == 3072
    assert result["runs"]["raw_pixels"]["accuracy"] >= 0.5  # one colour pattern per class; chance is 0.1
    assert result["value"] == result["runs"]["d_features"]["accuracy"]


def test_class_folders_give_labels_and_a_seeded_training_choice(tmp_path):
    root = tmp_path / "Two Classes"
    for split, count in (("train", 6), ("test", 4)):
        for label, value in (("bright", 230), ("dark", 20)):
            folder = root / split / label
            folder.mkdir(parents=True)
            for index in range(count):
                Image.fromarray(np.full((36, 40, 3), value + index, np.uint8)).save(folder / f"{index}.png")
    images, labels = labelled_images(str(root), "train", count=5, seed=5)
    assert images.shape == (5, 3, 32, 32) and sorted(set(labels.tolist())) <= [0, 1]
    again, _ = labelled_images(str(root), "train", count=5, seed=5)
    np.testing.assert_array_equal(images, again)
    name, result = svm_transfer({"raw_pixels": lambda batch: batch}, config_for(str(root)))
    assert name == "svm_linear_two_classes" and result["value"] == 1.0 and result["test_images"] == 8


def test_data_that_is_neither_layout_is_one_clear_error(tmp_path):
    with pytest.raises(ValueError, match="neither CIFAR-10"):
        svm_transfer({}, config_for(str(tmp_path)))
