"""MS-SSIM against TensorFlow's tf.image.ssim_multiscale (run in a subprocess), against a direct FFT computation
where the window shrinks below 11 px, and its streamed pair protocols against whole-array computations."""
import os
import subprocess
import sys

import numpy as np
import pytest
from scipy import ndimage, signal

from utils.zoo_common.metrics.ms_ssim import WEIGHTS, ms_ssim, ms_ssim_cross_pairs, ms_ssim_pairs, ssim_terms

# TensorFlow runs in its own process: its eager state never meets the TF1-graph tests of the same session.
TF_REFERENCE = """
import os, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
os.environ["CUDA_VISIBLE_DEVICES"] = ""
import numpy as np
import tensorflow as tf
cases = np.load(sys.argv[1])
out = {}
for name in [key[2:] for key in cases.files if key.startswith("a_")]:
    a, b = (tf.constant(cases[p + name].transpose(0, 2, 3, 1)) for p in ("a_", "b_"))
    out["ms_" + name] = tf.image.ssim_multiscale(a, b, 255.0).numpy()
    out["ss_" + name] = tf.image.ssim(a, b, 255.0).numpy()
np.savez(sys.argv[2], **out)
"""


def smooth_images(rng, count, channels, height, width, blur=2.0):
    """0–255 images with structure at several scales: blurred noise plus a gradient, rounded to integers."""
    noise = ndimage.gaussian_filter(rng.randn(count, channels, height, width), (0, 0, blur, blur))
    noise = (noise - noise.mean()) / noise.std()
    ramp = np.linspace(-1, 1, width)[None, None, None, :] * rng.uniform(-1, 1, (count, channels, 1, 1))
    return np.clip(np.round(128 + 45 * noise + 40 * ramp), 0, 255)


def related_pairs(rng, channels, height, width):
    """Pairs from near-identical to unrelated: x + small noise, x + large noise, blurred x, another image."""
    x = smooth_images(rng, 4, channels, height, width)
    y = np.stack([x[0] + rng.randn(channels, height, width) * 5, x[1] + rng.randn(channels, height, width) * 40,
                  ndimage.gaussian_filter(x[2], (0, 3, 3)), smooth_images(rng, 1, channels, height, width)[0]])
    return x, np.clip(np.round(y), 0, 255)


@pytest.fixture(scope="module")
def tf_cases(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ms_ssim_tf")
    rng = np.random.RandomState(0)
    cases = {"gray_odd": related_pairs(rng, 1, 177, 183), "rgb": related_pairs(rng, 3, 176, 176)}
    cases["same"] = (cases["rgb"][0],) * 2
    np.savez(folder / "in.npz", **{f"{p}_{name}": pair[i] for name, pair in cases.items() for i, p in enumerate("ab")})
    done = subprocess.run([sys.executable, "-c", TF_REFERENCE, str(folder / "in.npz"), str(folder / "out.npz")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    with np.load(folder / "out.npz") as reference:
        return cases, dict(reference)


def test_grayscale_ms_ssim_equals_tensorflow(tf_cases):
    """One channel: the protocol's channel average is moot, so the scores must agree (TF works in float32)."""
    cases, reference = tf_cases
    ours = ms_ssim(*cases["gray_odd"])
    np.testing.assert_allclose(ours, reference["ms_gray_odd"], rtol=0, atol=5e-6)
    assert ours[0] > 0.99 > ours[1] > ours[2] > 0.5 > ours[3] == 0.0  # the pairs span the range; 0 is a clipped cs


def test_rgb_terms_combined_per_channel_equal_tensorflow(tf_cases):
    """TF combines the levels per channel and then averages channels; the protocol averages channels per level.
    The per-level, per-channel terms must reproduce TF's score when combined TF's way, and its single-scale SSIM."""
    cases, reference = tf_cases
    for name in ("rgb", "same"):
        ssim, cs = ssim_terms(*cases[name])
        weights = np.asarray(WEIGHTS)[:, None]
        tf_way = (np.prod(np.clip(cs[:, :-1], 0, None) ** weights[:-1], axis=1)
                  * np.clip(ssim[:, -1], 0, None) ** weights[-1]).mean(axis=1)
        np.testing.assert_allclose(tf_way, reference["ms_" + name], rtol=0, atol=5e-6)
        np.testing.assert_allclose(ssim[:, 0].mean(axis=1), reference["ss_" + name], rtol=0, atol=5e-6)
    protocol = ms_ssim(*cases["rgb"])
    assert np.abs(protocol - reference["ms_rgb"]).max() < 0.02
    np.testing.assert_allclose(ms_ssim(*cases["same"]), 1.0, rtol=0, atol=1e-12)


def _fspecial_gauss(size, sigma):
    offset = 0.5 if size % 2 == 0 else 0.0
    y, x = np.mgrid[offset - size // 2:size // 2 + (0 if size % 2 == 0 else 1),
                    offset - size // 2:size // 2 + (0 if size % 2 == 0 else 1)]
    g = np.exp(-(x ** 2 + y ** 2) / (2.0 * sigma ** 2))
    return g / g.sum()


def _ms_ssim_by_fft(a, b, max_val=255.0):
    """Wang's recipe written out: a 2-D window by FFT per image, maps averaged over H, W and C per level."""
    a, b = a.astype(np.float64), b.astype(np.float64)
    c1, c2 = (0.01 * max_val) ** 2, (0.03 * max_val) ** 2
    ssims, css = [], []
    for _ in WEIGHTS:
        size = min(11, a.shape[2], a.shape[3])
        window = _fspecial_gauss(size, 1.5 * size / 11)[None, None]
        def conv(x):
            return signal.fftconvolve(x, window, mode="valid")
        mu1, mu2 = conv(a), conv(b)
        s11, s22, s12 = conv(a * a) - mu1 ** 2, conv(b * b) - mu2 ** 2, conv(a * b) - mu1 * mu2
        v1, v2 = 2 * s12 + c2, s11 + s22 + c2
        ssims.append(np.mean((2 * mu1 * mu2 + c1) * v1 / ((mu1 ** 2 + mu2 ** 2 + c1) * v2), axis=(1, 2, 3)))
        css.append(np.mean(v1 / v2, axis=(1, 2, 3)))
        a, b = [(x[:, :, 0::2, 0::2] + x[:, :, 1::2, 0::2] + x[:, :, 0::2, 1::2] + x[:, :, 1::2, 1::2]) / 4
                for x in (a, b)]
    ssims, css = np.clip(ssims, 0, None), np.clip(css, 0, None)
    weights = np.asarray(WEIGHTS)[:, None]
    return np.prod(css[:-1] ** weights[:-1], axis=0) * ssims[-1] ** weights[-1]


@pytest.mark.parametrize("size", [64, 32])
def test_small_images_shrink_the_window_as_the_direct_computation(size):
    """At 64 px the last two levels (8, 4 px) and at 32 px the last three use a smaller, even-sized window."""
    a, b = related_pairs(np.random.RandomState(size), 3, size, size)
    np.testing.assert_allclose(ms_ssim(a, b), _ms_ssim_by_fft(a, b), rtol=1e-9, atol=1e-12)


def test_bad_shapes_are_rejected():
    with pytest.raises(ValueError, match=r"two NCHW batches of one shape, got \[2, 3, 32, 32\] and \[2, 3, 32, 30\]"):
        ms_ssim(np.zeros((2, 3, 32, 32)), np.zeros((2, 3, 32, 30)))


def _stream(images, sizes, limit_calls=None):
    """``images`` in batches of the given sizes (cycled); fails if read beyond ``limit_calls`` batches."""
    start, calls = 0, 0
    while start < len(images):
        calls += 1
        if limit_calls is not None and calls > limit_calls:
            raise AssertionError("the stream was read further than the protocol needs")
        size = sizes[(calls - 1) % len(sizes)]
        yield images[start:start + size].astype(np.uint8)
        start += size


def test_pair_protocols_stream_in_chunks_as_whole_arrays():
    rng = np.random.RandomState(5)
    images = smooth_images(rng, 30, 3, 32, 32)
    images[1::4] = np.clip(images[0::4] + rng.randn(8, 3, 32, 32) * 10, 0, 255).round()  # some similar pairs
    expected = ms_ssim(images[0:22:2], images[1:22:2]).mean()
    # odd batch sizes split pairs across batches; 22 images are read (batches 5, 3, 5, 3, 5, 3), no more
    assert ms_ssim_pairs(_stream(images, [5, 3], limit_calls=6), 11, pairs_per_chunk=4) == \
        pytest.approx(expected, rel=1e-12)
    fakes, reals = images[:15], images[15:]
    expected = ms_ssim(fakes[:13], reals[:13]).mean()
    assert ms_ssim_cross_pairs(_stream(fakes, [4]), _stream(reals, [7]), 13, pairs_per_chunk=5) == \
        pytest.approx(expected, rel=1e-12)
    with pytest.raises(ValueError, match="fakes: the source ended after 15 images, 16 are needed"):
        ms_ssim_cross_pairs(_stream(fakes, [4]), _stream(images, [7]), 16)
    unrelated = smooth_images(rng, 12, 3, 32, 32)
    assert ms_ssim_pairs(_stream(unrelated, [6]), 6) < 0.5
    assert ms_ssim_pairs(_stream(np.repeat(unrelated, 2, axis=0), [5]), 12) == pytest.approx(1.0, abs=1e-12)
