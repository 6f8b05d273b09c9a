"""Sliced Wasserstein distance between real and generated images (Karras et al. 2018, Progressive GAN).

Per level of a Laplacian pyramid (5×5 binomial kernel, mirror borders) from the full resolution down to
16 px, ``nhoods_per_image`` random 7×7 neighbourhoods per image, centres drawn so the patch fits, give
C·49-d descriptors. Each set is normalised per channel over all its descriptors. The distance per level is
the mean, over ``dir_repeats`` × ``dirs_per_repeat`` random unit directions, of the mean absolute difference
between the sorted projections of the two sets; it is reported ×1e3 per level and averaged over levels.

Use: ``real = Descriptors(real_batches, 16384, seed=[eval_seed, 0])``, ``fake = Descriptors(fake_batches, 16384,
seed=[eval_seed, 1])``, then ``sliced_wasserstein_distance(real, fake, eval_seed)`` (the ``swd16k`` protocol).
Memory: images are streamed; only the protocol's descriptors are held (4·count·nhoods·C·49 bytes per level
and set: 1.2 GB for 16,384 RGB images at one level) and projections are formed a few directions at a time.
"""
import numpy as np
from scipy import ndimage

from .streams import chunks

BINOMIAL = np.array([1.0, 4.0, 6.0, 4.0, 1.0]) / 16.0
MIN_RESOLUTION = 16
PROJECTION_VALUES = 1 << 24


def _blur(images, gain=1.0):
    blurred = ndimage.correlate1d(images, BINOMIAL * gain, axis=2, mode="mirror")
    return ndimage.correlate1d(blurred, BINOMIAL * gain, axis=3, mode="mirror")


def pyramid_down(images):
    """Blur, then keep every second row and column (as cv2.pyrDown)."""
    return _blur(images)[:, :, ::2, ::2]


def pyramid_up(images, shape):
    """Zero-insertion to ``shape`` [H, W], then blur ×4 (as cv2.pyrUp)."""
    sparse = np.zeros(images.shape[:2] + tuple(shape), images.dtype)
    sparse[:, :, ::2, ::2] = images
    return _blur(sparse, gain=2.0)


def laplacian_pyramid(images, levels):
    """``levels`` float32 NCHW bands: G_l − up(G_{l+1}) for l < levels − 1, then the low-pass image."""
    gaussian = [np.asarray(images, np.float32)]
    for _ in range(levels - 1):
        gaussian.append(pyramid_down(gaussian[-1]))
    return [fine - pyramid_up(coarse, fine.shape[2:]) for fine, coarse in zip(gaussian, gaussian[1:])] + gaussian[-1:]


def level_resolutions(height, min_resolution=MIN_RESOLUTION):
    """Image heights of the pyramid levels used: 128 → [128, 64, 32, 16]."""
    if height < min_resolution:
        raise ValueError(f"SWD needs images of at least {min_resolution} px, got height {height}")
    resolutions = []
    while height >= min_resolution:
        resolutions.append(height)
        height //= 2
    return resolutions


def neighbourhoods(level, centres, nhood_size=7):
    """Descriptors [n·k, C·s·s] of the s×s neighbourhoods of ``level`` [n, C, H, W] at ``centres`` [n, k, 2]."""
    half = nhood_size // 2
    windows = np.lib.stride_tricks.sliding_window_view(level, (nhood_size, nhood_size), axis=(2, 3))
    rows, cols = centres[..., 0] - half, centres[..., 1] - half
    patches = windows[np.arange(len(level))[:, None], :, rows, cols]  # [n, k, C, s, s]
    return patches.reshape(rows.size, -1)


class Descriptors:
    """The normalised descriptors of ``count`` images of ``batches`` at every level (``levels``), and the
    neighbourhood centres (``centres``, [count, nhoods, (row, col)] per level) drawn from ``seed``."""

    def __init__(self, batches, count, seed, nhood_size=7, nhoods_per_image=128, min_resolution=MIN_RESOLUTION,
                 what="images"):
        rng = np.random.default_rng(seed)
        half = nhood_size // 2
        self.resolutions, self.levels, self.centres = None, None, None
        start = 0
        for batch in chunks(batches, 64, count, what):
            if batch.ndim != 4:
                raise ValueError(f"{what}: SWD needs NCHW image batches, got shape {list(batch.shape)}")
            if self.levels is None:
                self.shape = batch.shape[1:]
                self.resolutions = level_resolutions(self.shape[1], min_resolution)
                size = count * nhoods_per_image
                self.levels = [np.empty((size, self.shape[0] * nhood_size ** 2), np.float32) for _ in
                               self.resolutions]
                self.centres = [np.empty((count, nhoods_per_image, 2), np.int64) for _ in self.resolutions]
            stop = start + len(batch)
            for index, level in enumerate(laplacian_pyramid(batch, len(self.resolutions))):
                height, width = level.shape[2:]
                if min(height, width) < nhood_size:
                    raise ValueError(f"{what}: a {height}×{width} pyramid level is smaller than the "
                                     f"{nhood_size}×{nhood_size} neighbourhood")
                centres = np.stack([rng.integers(half, height - half, (len(batch), nhoods_per_image)),
                                    rng.integers(half, width - half, (len(batch), nhoods_per_image))], axis=-1)
                self.centres[index][start:stop] = centres
                rows = slice(start * nhoods_per_image, stop * nhoods_per_image)
                self.levels[index][rows] = neighbourhoods(level, centres, nhood_size)
            start = stop
        for descriptors in self.levels:
            _normalise_per_channel(descriptors, self.shape[0])


def _normalise_per_channel(descriptors, channels):
    per_channel = descriptors.reshape(len(descriptors), channels, -1)
    for channel in range(channels):
        values = per_channel[:, channel]
        mean = values.mean(dtype=np.float64)
        std = np.sqrt(np.mean(np.square(values - np.float32(mean), dtype=np.float64)))
        values -= np.float32(mean)
        values /= np.float32(std if std > 0 else 1.0)


def random_directions(seed, dims, dir_repeats=4, dirs_per_repeat=128):
    """Unit directions [dir_repeats, dims, dirs_per_repeat] drawn from ``seed``."""
    directions = np.random.default_rng(seed).standard_normal((dir_repeats, dims, dirs_per_repeat))
    return directions / np.linalg.norm(directions, axis=1, keepdims=True)


def sliced_wasserstein(a, b, directions, max_values=PROJECTION_VALUES):
    """Mean over repeats and directions of mean |sorted(a·d) − sorted(b·d)| for descriptors a, b [n, dims],
    projecting on as many directions at once as keep ``max_values`` projections per set."""
    if a.shape != b.shape:
        raise ValueError(f"SWD needs descriptor sets of one shape, got {list(a.shape)} and {list(b.shape)}")
    step = max(1, max_values // len(a))
    repeats = []
    for block in directions.astype(np.float32):
        total = 0.0
        for first in range(0, block.shape[1], step):
            part = block[:, first:first + step].T
            projected_a, projected_b = part @ a.T, part @ b.T
            projected_a.sort(axis=1)
            projected_b.sort(axis=1)
            projected_a -= projected_b
            total += np.abs(projected_a, out=projected_a).sum(dtype=np.float64)
        repeats.append(total / (len(a) * block.shape[1]))
    return float(np.mean(repeats))


def sliced_wasserstein_distance(real, fake, seed=0, dir_repeats=4, dirs_per_repeat=128):
    """SWD ×1e3 between two ``Descriptors`` sets (e.g. reals and fakes): {'128': …, '16': …, 'avg': …}.

    Level ``i`` projects on ``random_directions([seed, i], …)``. The real set can serve several fake sets,
    and a second real set (another seed) gives the real-vs-real noise floor.
    """
    if real.shape != fake.shape or real.levels[0].shape != fake.levels[0].shape:
        raise ValueError(f"SWD: sets of {len(real.levels[0])} descriptors of images {list(real.shape)} and "
                         f"{len(fake.levels[0])} of images {list(fake.shape)} differ")
    result = {}
    for index, (resolution, a, b) in enumerate(zip(real.resolutions, real.levels, fake.levels)):
        directions = random_directions([seed, index], a.shape[1], dir_repeats, dirs_per_repeat)
        result[str(resolution)] = 1e3 * sliced_wasserstein(a, b, directions)
    result["avg"] = float(np.mean(list(result.values())))
    return result
