"""Multi-scale SSIM (Wang, Simoncelli & Bovik 2003) as in the Progressive GAN protocol, and its pair protocols.

Images are NCHW arrays of values in [0, max_val]. At each of the 5 levels the local means, variances and
covariance come from an 11×11 Gaussian window (σ 1.5) in 'valid' mode; a level smaller than the window gets
a window of its size with σ scaled alike (even sizes on a half-pixel grid). The SSIM and contrast-structure
maps are averaged over H, W and C per image and clipped at 0; the score is Π_{l<5} cs_l^{w_l} · ssim_5^{w_5}
with Wang's weights. Levels are 2×2 averages (an odd side is first padded symmetrically, as TensorFlow does).
"""
import numpy as np

from .streams import chunks

WEIGHTS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)


def gaussian_window(size, sigma):
    """Normalised 1-D Gaussian of ``size`` taps centred between the middle taps for even sizes."""
    coords = np.arange(size) - (size - 1) / 2.0
    window = np.exp(-coords ** 2 / (2.0 * sigma ** 2))
    return window / window.sum()


def _valid_filter(length, window):
    """Matrix [length − size + 1, length] applying ``window`` at every position where it fits."""
    rows = length - len(window) + 1
    matrix = np.zeros((rows, length))
    for tap, weight in enumerate(window):
        matrix[np.arange(rows), np.arange(rows) + tap] = weight
    return matrix


def _half(images):
    height, width = images.shape[-2:]
    if height % 2 or width % 2:
        images = np.pad(images, [(0, 0), (0, 0), (0, height % 2), (0, width % 2)], mode="symmetric")
    return 0.25 * (images[..., 0::2, 0::2] + images[..., 1::2, 0::2] + images[..., 0::2, 1::2]
                   + images[..., 1::2, 1::2])


def ssim_terms(a, b, max_val=255.0, levels=5, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03):
    """(ssim, cs), each [N, levels, C]: the SSIM and contrast-structure maps averaged over H and W per level."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    if a.ndim != 4 or a.shape != b.shape:
        raise ValueError(f"MS-SSIM needs two NCHW batches of one shape, got {list(a.shape)} and {list(b.shape)}")
    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    ssim, cs = [], []
    for level in range(levels):
        if level:
            a, b = _half(a), _half(b)
        height, width = a.shape[-2:]
        size = min(filter_size, height, width)
        window = gaussian_window(size, filter_sigma * size / filter_size)
        left, right = _valid_filter(height, window), _valid_filter(width, window).T

        def blur(x):
            return left @ x @ right

        mean_a, mean_b = blur(a), blur(b)
        mean_aa, mean_bb, mean_ab = mean_a * mean_a, mean_b * mean_b, mean_a * mean_b
        contrast = (2.0 * (blur(a * b) - mean_ab) + c2) / (blur(a * a) - mean_aa + blur(b * b) - mean_bb + c2)
        luminance = (2.0 * mean_ab + c1) / (mean_aa + mean_bb + c1)
        ssim.append((luminance * contrast).mean(axis=(2, 3)))
        cs.append(contrast.mean(axis=(2, 3)))
    return np.stack(ssim, axis=1), np.stack(cs, axis=1)


def ms_ssim(a, b, max_val=255.0, weights=WEIGHTS, **window):
    """MS-SSIM of each pair (a[i], b[i]) of NCHW images: float64 [N]."""
    weights = np.asarray(weights, np.float64)
    ssim, cs = ssim_terms(a, b, max_val, len(weights), **window)
    ssim, cs = np.clip(ssim.mean(axis=2), 0.0, None), np.clip(cs.mean(axis=2), 0.0, None)
    return np.prod(cs[:, :-1] ** weights[:-1], axis=1) * ssim[:, -1] ** weights[-1]


def ms_ssim_pairs(batches, num_pairs, pairs_per_chunk=32, what="images", **options):
    """Mean MS-SSIM of images (0, 1), (2, 3), … of a stream: the paper's generated pairs, or real pairs."""
    total = 0.0
    for chunk in chunks(batches, 2 * pairs_per_chunk, 2 * num_pairs, what):
        total += ms_ssim(chunk[0::2], chunk[1::2], **options).sum()
    return total / num_pairs


def ms_ssim_cross_pairs(batches_a, batches_b, num_pairs, pairs_per_chunk=32, what=("fakes", "reals"), **options):
    """Mean MS-SSIM of pairs (a_i, b_i) of two streams, e.g. generated vs real."""
    total = 0.0
    for chunk_a, chunk_b in zip(chunks(batches_a, pairs_per_chunk, num_pairs, what[0]),
                                chunks(batches_b, pairs_per_chunk, num_pairs, what[1])):
        total += ms_ssim(chunk_a, chunk_b, **options).sum()
    return total / num_pairs
