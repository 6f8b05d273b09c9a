"""The paper's transfer protocol (specs/DCGAN.md §5.2): discriminator features of labelled images, a linear
L2-SVM trained on the training split's features, accuracy on the test split (``svm_linear_<data>``).

Labelled data (``svm_data_path``): CIFAR-10 (``.mat``, python pickle or binary batches, read by
utils/zoo_common/cifar10.py; ``svm_linear_cifar10``), or a folder with ``train/`` and ``test/`` image folders
whose class sub-folders are the labels (e.g. Fashion-MNIST written by utils/tools/idx_to_image_folder.py;
``svm_linear_<folder name>``). The SVM trains on ``svm_train_count`` training images (a seeded choice) and
is scored on every test image. With
``svm_baselines`` the same SVM is also scored on raw pixels and on the features of an untrained D.
"""
import os
import re
import time

import numpy as np

from utils.zoo_common.cifar10 import detect_format, load_cifar10
from utils.zoo_common.image_folder import ImageFolder

from .linear_svm import svm_accuracy
from .model import IMAGE_SIZE

SPLITS = ("train", "test")


def _chosen(count, total, seed):
    return np.arange(total) if count is None else np.random.default_rng([seed, 3]).permutation(total)[:count]


def cifar10_images(path, split, count=None, seed=0):
    """The same for a CIFAR-10 folder."""
    images, labels = load_cifar10(path, split)
    indices = _chosen(count, len(images), seed)
    return to_model_range(images[indices]), labels[indices]


def labelled_images(path, split, count=None, seed=0):
    """(images (N,3,32,32) float32 in [-1, 1], labels int32) of ``<path>/<split>``: a class sub-folder per label,
    classes numbered in sorted order; ``count`` images chosen with ``seed`` (all when None)."""
    folder = ImageFolder(os.path.join(path, split), IMAGE_SIZE)
    classes = [os.path.relpath(name, folder.path).split(os.sep)[0] for name in folder.files]
    if any(os.sep not in os.path.relpath(name, folder.path) for name in folder.files):
        raise ValueError(f"{folder.path!r} must hold one sub-folder per class, with the images inside")
    names = sorted(set(classes))
    indices = _chosen(count, len(folder), seed)
    labels = np.array([names.index(classes[i]) for i in indices], np.int32)
    return np.stack([folder.load(int(i)) for i in indices]), labels


def in_batches(function, images, batch_size):
    """``function`` over fixed-size batches (the last one zero-padded), padding dropped."""
    outputs = []
    for start in range(0, len(images), batch_size):
        batch = images[start:start + batch_size]
        padded = np.concatenate([batch, np.zeros((batch_size - len(batch), *batch.shape[1:]), batch.dtype)])
        outputs.append(np.asarray(function(padded))[:len(batch)])
    return np.concatenate(outputs)


def to_model_range(images):
    """uint8 NHWC → float32 NCHW in [-1, 1], as the image folder's (x − 127.5) / 127.5."""
    return (images.transpose(0, 3, 1, 2).astype(np.float32) - 127.5) / 127.5


def dataset_name(path):
    return re.sub(r"[^a-z0-9]+", "_", os.path.basename(os.path.normpath(path)).lower()).strip("_") or "data"


def svm_data(path):
    """(reader, dataset name) of the labelled data at ``path``."""
    if all(os.path.isdir(os.path.join(path, split)) for split in SPLITS):
        return labelled_images, dataset_name(path)
    try:
        detect_format(path)
    except (OSError, ValueError):
        raise ValueError(f"svm_data_path {path!r} is neither CIFAR-10 (data_batch_1[.mat|.bin]) nor a folder "
                         "with train/ and test/ image folders of class sub-folders") from None
    return cifar10_images, "cifar10"


def svm_transfer(feature_functions, config):
    """Accuracy of the linear SVM on each of ``feature_functions`` ({name: images → features}, the first
    one the result's own). Returns (metric name, result)."""
    read, name = svm_data(config.svm_data_path)
    train_images, train_labels = read(config.svm_data_path, "train", config.svm_train_count, config.eval_seed)
    test_images, test_labels = read(config.svm_data_path, "test")
    accuracies, started = {}, time.perf_counter()
    for features_name, function in feature_functions.items():
        train = in_batches(function, train_images, config.eval_batch_size)
        test = in_batches(function, test_images, config.eval_batch_size)
        accuracy, svm, _ = svm_accuracy(train.reshape(len(train), -1), train_labels, test.reshape(len(test), -1),
                                        test_labels, config.svm_c)
        accuracies[features_name] = {"accuracy": accuracy, "features": int(np.prod(train.shape[1:])),
                            "svm_iterations": svm.iterations, "svm_converged": svm.converged}
        print(f"linear SVM on {features_name}: test accuracy {accuracy:.4f} "
              f"({accuracies[features_name]['features']} features)")
    first = next(iter(accuracies))
    result = {"value": accuracies[first]["accuracy"], "features": first, "runs": accuracies,
              "train_images": len(train_labels), "test_images": len(test_labels), "svm_c": config.svm_c,
              "scaler": "fitted on the training features only", "data_path": config.svm_data_path,
              "seconds": round(time.perf_counter() - started, 2)}
    return f"svm_linear_{name}", result
