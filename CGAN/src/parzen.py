"""Gaussian Parzen-window log-likelihood (Goodfellow et al. 2014), memory-bounded.

LL(x) = log mean_j exp(−‖x − μ_j‖² / (2σ²)) − d·log(σ·√(2π)), with the generated samples μ_j as kernel
centres. Squared distances come from ‖x‖² + ‖μ‖² − 2·x·μᵀ in float64 blocks of ``chunk`` points, so
memory is chunk × centres × 8 bytes instead of the reference's (200, 10000, 784) float32 tensors, and
every σ of the grid reuses the same distances.
"""
import numpy as np
from scipy.special import logsumexp

SIGMA_GRID = np.logspace(-1, 0, 10)


def _distance_blocks(points, centres, chunk):
    centres = np.asarray(centres, np.float64)
    centre_norms = np.einsum("ij,ij->i", centres, centres)
    for start in range(0, len(points), chunk):
        block = np.asarray(points[start:start + chunk], np.float64)
        distances = np.einsum("ij,ij->i", block, block)[:, None] + centre_norms[None, :] - 2.0 * block @ centres.T
        yield np.maximum(distances, 0.0)


def log_likelihoods(points, centres, sigmas, chunk=500):
    """(len(sigmas), len(points)) per-point log-likelihoods for every σ."""
    sigmas = np.atleast_1d(np.asarray(sigmas, np.float64))
    dim, count = np.shape(points)[1], len(centres)
    rows = []
    for distances in _distance_blocks(points, centres, chunk):
        rows.append([logsumexp(-distances / (2.0 * s * s), axis=1) - np.log(count)
                     - dim * np.log(s * np.sqrt(2.0 * np.pi)) for s in sigmas])
    return np.concatenate(rows, axis=1)


def select_sigma(validation, centres, sigmas=SIGMA_GRID, chunk=500):
    """(best σ, mean validation LL per σ)."""
    means = log_likelihoods(validation, centres, sigmas, chunk).mean(axis=1)
    return float(np.asarray(sigmas)[int(np.argmax(means))]), means


def score(test, centres, sigma, chunk=500):
    """(mean LL, standard error of the mean) of the test points under σ."""
    values = log_likelihoods(test, centres, [sigma], chunk)[0]
    return float(values.mean()), float(values.std() / np.sqrt(len(values)))
