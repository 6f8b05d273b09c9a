"""CIFAR-10 files in the three real on-disk formats, and tiny BigGAN configs, for the BigGAN tests."""
import os
import pickle
import sys

import numpy as np
import scipy.io

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL_DIR = os.path.join(ROOT, "BigGAN")
PYTHON = sys.executable
# Subprocesses import the tree under test (not whatever zoo root the environment's zoo.pth names).
SUBPROCESS_ENV = dict(os.environ, PYTHON=PYTHON, PYTHONPATH=ROOT)
STEMS = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]


def synthetic_batches(per_file=20, seed=0):
    """{stem: (planar rows uint8 [n, 3072], labels [n])}: smooth colour gradients plus noise, per class."""
    rng = np.random.RandomState(seed)
    batches = {}
    yy, xx = np.mgrid[0:32, 0:32] / 31.0
    for stem in STEMS:
        labels = rng.randint(0, 10, per_file)
        rows = []
        for label in labels:
            planes = [np.cos(np.pi * (label / 10.0 + c / 3.0) + 3 * xx * (c + 1) - 2 * yy) for c in range(3)]
            image = (np.stack(planes) + 1) * 110 + rng.randint(0, 30, (3, 32, 32))
            rows.append(np.clip(image, 0, 255).astype(np.uint8).reshape(-1))
        batches[stem] = (np.stack(rows), labels)
    return batches


def write_mat(folder, batches):
    os.makedirs(folder, exist_ok=True)
    for stem, (data, labels) in batches.items():
        scipy.io.savemat(os.path.join(folder, stem + ".mat"),
                         {"data": data, "labels": labels.astype(np.uint8).reshape(-1, 1),
                          "batch_label": f"{stem} of CIFAR-10 fixture"})
    return folder


def write_python(folder, batches):
    os.makedirs(folder, exist_ok=True)
    for stem, (data, labels) in batches.items():
        with open(os.path.join(folder, stem), "wb") as handle:
            pickle.dump({b"batch_label": stem.encode(), b"labels": [int(v) for v in labels], b"data": data,
                         b"filenames": [f"{i}.png".encode() for i in range(len(labels))]}, handle, protocol=2)
    return folder


def write_binary(folder, batches):
    os.makedirs(folder, exist_ok=True)
    for stem, (data, labels) in batches.items():
        records = np.concatenate([labels.astype(np.uint8)[:, None], data], axis=1)
        records.tofile(os.path.join(folder, stem + ".bin"))
    return folder


def tiny_args(data_path, output_path, **overrides):
    """Command-line arguments of a seconds-long run at a tiny width."""
    values = {"data_path": data_path, "output_path": output_path, "base_channel": 4, "batch_size": 4,
              "steps": 4, "log_interval": 1, "save_interval": 2, "sample_interval": 2,
              "standing_stats_batches": 2, "keep_checkpoint_max": 0, "num_threads": 1}
    values.update(overrides)
    return [f"--{k}={v}" for k, v in values.items()]


def write_tiny_inception(path, features=16, classes=12, seed=0):
    """A small frozen graph with the 2015 Inception graph's interface: ``ExpandDims`` (one 0–255 image,
    batch 1), ``pool_3`` [1, 1, 1, features], ``pool_3/_reshape`` and ``softmax/logits/MatMul``."""
    from BigGAN.src.tf_compat import tf

    rng = np.random.RandomState(seed)
    graph = tf.Graph()
    with graph.as_default():
        image = tf.placeholder(tf.float32, [None, None, 3], name="Cast")
        expanded = tf.expand_dims(image, 0, name="ExpandDims")
        resized = (tf.image.resize_bilinear(expanded, [8, 8]) - 128.0) / 128.0
        hidden = tf.tanh(tf.matmul(tf.reshape(resized, [-1, 8 * 8 * 3]),
                                   tf.constant(rng.randn(192, features).astype(np.float32) * 0.2)))
        pool = tf.reshape(tf.nn.relu(hidden), [-1, 1, 1, features], name="pool_3")
        flat = tf.reshape(pool, [1, features], name="pool_3/_reshape")
        weights = tf.constant(rng.randn(features, classes).astype(np.float32), name="softmax/weights")
        logits = tf.matmul(flat, weights, name="softmax/logits/MatMul")
        tf.nn.softmax(logits + tf.constant(rng.randn(classes).astype(np.float32)), name="softmax")
    with open(path, "wb") as handle:
        handle.write(graph.as_graph_def().SerializeToString())
    return path
