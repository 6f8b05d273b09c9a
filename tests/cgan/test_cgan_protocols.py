"""The Parzen protocols of CGAN/src/evaluate.py on constructed data whose score has a closed form.

The reference's 283.03 ± 2.15 comes from its own trained generator; nothing here reproduces that number.
What is checked is that ``--protocol modelzoo`` computes what the reference computes: σ chosen on training
rows 10000:20000, the score on training rows 50000:60000, mean ± std/√n of the per-image log-likelihood.
"""
import json
import os
import types

import numpy as np
import pytest

from CGAN.src import evaluate
from conftest import write_idx

DIM = 28 * 28
# Pixel values of the constant images in each slice of the 60,000 training images.
SLICE_VALUES = {(0, 10000): 200, (10000, 20000): 71, (20000, 50000): 150, (50000, 55000): 40, (55000, 60000): 90}
CENTRE = 0.0  # the generated images: all black


def gaussian_ll(distance_per_pixel, sigma):
    """log N(x; μ, σ²I) in 784 dimensions when every pixel of x differs from μ by the same amount."""
    return -0.5 * DIM * (distance_per_pixel / sigma) ** 2 - DIM * np.log(sigma * np.sqrt(2 * np.pi))


@pytest.fixture(scope="module")
def constant_mnist(tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("constant_mnist"))
    images = np.zeros((60000, 28, 28), np.uint8)
    for (first, last), value in SLICE_VALUES.items():
        images[first:last] = value
    write_idx(os.path.join(folder, "train-images-idx3-ubyte"), images)
    write_idx(os.path.join(folder, "train-labels-idx1-ubyte"), np.arange(60000) % 10)
    return folder


def test_modelzoo_protocol_scores_train_rows_50000_to_60000_with_sigma_from_rows_10000_to_20000(
        constant_mnist, tmp_path):
    config = types.SimpleNamespace(protocol="modelzoo", data_path=constant_mnist, validation_size=10000,
                                   num_samples=10, eval_seed=0, parzen_chunk=2000)

    def black_images(noise, labels):
        return np.full((len(labels), 1, 32, 32), CENTRE, np.float32)

    result = evaluate.run_evaluation(black_images, 10, config, str(tmp_path), source="constant")
    # Validation images at distance 71/255 per pixel: the likelihood peaks at σ = 71/255 ≈ 0.2784,
    # and the grid point nearest to it in log scale is 10^(-5/9) ≈ 0.27826.
    assert result["sigma"] == pytest.approx(10 ** (-5 / 9))
    expected = [gaussian_ll(value / 255.0, result["sigma"]) for value in (40, 90)]  # 5,000 rows each
    assert result["mean"] == pytest.approx(np.mean(expected), rel=1e-6)  # pixels are float32
    assert result["se"] == pytest.approx(abs(expected[0] - expected[1]) / 2 / np.sqrt(10000), rel=1e-6)
    assert result["metric"] == "parzen_modelzoo" and result["test_size"] == result["validation_size"] == 10000
    with open(tmp_path / "parzen_modelzoo.json") as handle:
        assert json.load(handle)["mean"] == result["mean"]
