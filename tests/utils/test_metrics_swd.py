"""Sliced Wasserstein distance against a direct, loop-by-loop NumPy computation on the same random draws, and
on known cases: identical sets give 0, two draws of one distribution a small floor, different textures more."""
import numpy as np
import pytest
from scipy import ndimage

from utils.zoo_common.metrics.swd import (Descriptors, laplacian_pyramid, random_directions, sliced_wasserstein,
                                          sliced_wasserstein_distance)

KERNEL = np.outer([1, 4, 6, 4, 1], [1, 4, 6, 4, 1]) / 256.0


def _filter_5x5(images, kernel):
    """Direct 5×5 filter, borders mirrored without repeating the edge pixel."""
    padded = np.pad(images, [(0, 0), (0, 0), (2, 2), (2, 2)], mode="reflect")
    height, width = images.shape[2:]
    return sum(kernel[i, j] * padded[:, :, i:i + height, j:j + width] for i in range(5) for j in range(5))


def _slow_pyramid(images, levels):
    gaussian = [images.astype(np.float64)]
    for _ in range(levels - 1):
        gaussian.append(_filter_5x5(gaussian[-1], KERNEL)[:, :, ::2, ::2])
    bands = []
    for fine, coarse in zip(gaussian, gaussian[1:]):
        sparse = np.zeros_like(fine)
        sparse[:, :, ::2, ::2] = coarse
        bands.append(fine - _filter_5x5(sparse, 4 * KERNEL))
    return bands + gaussian[-1:]


def _slow_swd(images_a, images_b, set_a, set_b, seed, repeats, per_repeat):
    """Every step written out: pyramid, one patch per centre, per-channel normalisation, one sort per direction."""
    levels = len(set_a.resolutions)
    result = {}
    for index, resolution in enumerate(set_a.resolutions):
        sets = []
        for images, drawn in ((images_a, set_a), (images_b, set_b)):
            level = _slow_pyramid(images, levels)[index]
            patches = np.array([level[i, :, y - 3:y + 4, x - 3:x + 4] for i in range(len(images))
                                for y, x in drawn.centres[index][i]])  # [n, C, 7, 7]
            patches = (patches - patches.mean(axis=(0, 2, 3), keepdims=True)) / patches.std(axis=(0, 2, 3),
                                                                                           keepdims=True)
            sets.append(patches.reshape(len(patches), -1))
        directions = random_directions([seed, index], sets[0].shape[1], repeats, per_repeat)
        per_repeat_means = []
        for block in directions:
            distances = [np.mean(np.abs(np.sort(sets[0] @ d) - np.sort(sets[1] @ d))) for d in block.T]
            per_repeat_means.append(np.mean(distances))
        result[str(resolution)] = 1e3 * np.mean(per_repeat_means)
    result["avg"] = np.mean(list(result.values()))
    return result


def _batches(images, size):
    return (images[i:i + size] for i in range(0, len(images), size))


def _textures(rng, count, size, blur):
    noise = rng.randn(count, 3, size, size)
    if blur:
        noise = ndimage.gaussian_filter(noise, (0, 0, blur, blur))
    noise = (noise - noise.mean()) / noise.std()
    return np.clip(np.round(128 + 50 * noise), 0, 255).astype(np.uint8)


def test_laplacian_pyramid_matches_direct_filtering_and_collapses_back():
    images = np.random.RandomState(0).randint(0, 256, (2, 3, 40, 24)).astype(np.uint8)
    ours, slow = laplacian_pyramid(images, 3), _slow_pyramid(images, 3)
    assert [band.shape[2:] for band in ours] == [(40, 24), (20, 12), (10, 6)]
    for band, reference in zip(ours, slow):
        np.testing.assert_allclose(band, reference, rtol=0, atol=2e-4)
    collapsed = ours[-1].astype(np.float64)
    for band in reversed(ours[:-1]):
        sparse = np.zeros(band.shape)
        sparse[:, :, ::2, ::2] = collapsed
        collapsed = band + _filter_5x5(sparse, 4 * KERNEL)
    np.testing.assert_allclose(collapsed, images, rtol=0, atol=2e-3)


def test_swd_matches_the_direct_computation():
    rng = np.random.RandomState(1)
    reals, fakes = _textures(rng, 10, 32, blur=1.0), _textures(rng, 10, 32, blur=0.0)
    real = Descriptors(_batches(reals, 3), 10, seed=[7, 0], nhoods_per_image=16)
    fake = Descriptors(_batches(fakes, 4), 10, seed=[7, 1], nhoods_per_image=16)
    assert real.resolutions == [32, 16] and real.levels[0].shape == (160, 147) and real.levels[0].dtype == np.float32
    centres = np.concatenate(real.centres)
    assert centres.min() == 3 and centres[:, :, 0].max() == 28  # 7×7 patches fit; edge centres are drawn
    ours = sliced_wasserstein_distance(real, fake, seed=7, dir_repeats=3, dirs_per_repeat=16)
    slow = _slow_swd(reals, fakes, real, fake, seed=7, repeats=3, per_repeat=16)
    assert list(ours) == ["32", "16", "avg"]
    for key in slow:
        assert ours[key] == pytest.approx(slow[key], rel=2e-6)
    directions = random_directions(3, 147, 2, 50)
    np.testing.assert_allclose(np.linalg.norm(directions, axis=1), 1.0)
    assert sliced_wasserstein(real.levels[0], fake.levels[0], directions, max_values=500) == \
        pytest.approx(sliced_wasserstein(real.levels[0], fake.levels[0], directions), rel=1e-6)  # 3 per block


def test_identical_sets_give_zero_and_other_textures_exceed_the_floor():
    """The floor of 64-image sets is large (~20 ×1e-3; ~2 at 16k images): textures are compared against it."""
    rng = np.random.RandomState(2)
    reals, more_reals = _textures(rng, 64, 32, blur=1.0), _textures(rng, 64, 32, blur=1.0)
    sharper, coarser = _textures(rng, 64, 32, blur=0.0), _textures(rng, 64, 32, blur=3.0)
    real = Descriptors(_batches(reals, 16), 64, seed=[0, 0])
    same = Descriptors(_batches(reals, 16), 64, seed=[0, 0])
    assert sliced_wasserstein_distance(real, same) == {"32": 0.0, "16": 0.0, "avg": 0.0}
    floor = sliced_wasserstein_distance(real, Descriptors(_batches(more_reals, 16), 64, seed=[0, 1]))
    for other in (sharper, coarser):
        shifted = sliced_wasserstein_distance(real, Descriptors(_batches(other, 16), 64, seed=[0, 1]))
        assert shifted["32"] > 2.5 * floor["32"] and shifted["avg"] > 1.5 * floor["avg"], (shifted, floor)


def test_bad_inputs_are_one_line_errors():
    images = np.zeros((4, 3, 32, 32), np.uint8)
    with pytest.raises(ValueError, match="SWD needs images of at least 16 px, got height 8"):
        Descriptors([images[:, :, :8, :8]], 4, 0)
    with pytest.raises(ValueError, match="fakes: the source ended after 4 images, 6 are needed"):
        Descriptors([images], 6, 0, what="fakes")
    with pytest.raises(ValueError, match=r"image shape changed from \[3, 32, 32\] to \[3, 16, 16\]"):
        Descriptors([images[:2], images[2:, :, :16, :16]], 4, 0)
    small = Descriptors([images[:, :, :16, :16]], 4, 0)
    with pytest.raises(ValueError, match="differ"):
        sliced_wasserstein_distance(Descriptors([images], 4, 0), small)
