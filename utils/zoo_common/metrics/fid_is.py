"""Inception score (Salimans et al. 2016) and Fréchet distance (Heusel et al. 2017) from network outputs."""
import numpy as np
import scipy.linalg
from scipy.special import xlogy


def inception_score(probs, splits=10):
    """(mean, std) over ``splits`` equal parts of exp(E_x KL(p(y|x) ‖ p(y))), as OpenAI's implementation."""
    probs = np.asarray(probs, np.float64)
    if probs.ndim != 2 or len(probs) < splits:
        raise ValueError(f"inception_score needs [N, classes] probabilities with N >= splits ({splits}), "
                         f"got shape {list(probs.shape)}")
    scores = []
    for index in range(splits):
        part = probs[index * len(probs) // splits:(index + 1) * len(probs) // splits]
        marginal = part.mean(axis=0, keepdims=True)
        kl = xlogy(part, part) - xlogy(part, marginal)
        scores.append(np.exp(kl.sum(axis=1).mean()))
    return float(np.mean(scores)), float(np.std(scores))


def activation_statistics(activations):
    """(μ, Σ) of [N, D] activations, Σ with N − 1 in the denominator (np.cov)."""
    activations = np.asarray(activations, np.float64)
    return activations.mean(axis=0), np.cov(activations, rowvar=False)


def frechet_distance(mu1, sigma1, mu2, sigma2):
    """‖μ1 − μ2‖² + tr(Σ1 + Σ2 − 2 (Σ1 Σ2)^½)."""
    mu1, mu2 = np.atleast_1d(mu1), np.atleast_1d(mu2)
    sigma1, sigma2 = np.atleast_2d(sigma1), np.atleast_2d(sigma2)
    if mu1.shape != mu2.shape or sigma1.shape != sigma2.shape:
        raise ValueError(f"statistics of different sizes: {mu1.shape} vs {mu2.shape}")
    covmean = scipy.linalg.sqrtm(sigma1 @ sigma2)
    if not np.isfinite(covmean).all():  # singular product: offset the diagonals (as TTUR's code)
        offset = np.eye(len(sigma1)) * 1e-6
        covmean = scipy.linalg.sqrtm((sigma1 + offset) @ (sigma2 + offset))
    if np.iscomplexobj(covmean):
        if np.abs(covmean.imag).max() > 1e-3 * max(1.0, np.abs(covmean.real).max()):
            raise ValueError(f"Fréchet distance: matrix square root has a large imaginary part "
                             f"({np.abs(covmean.imag).max():.3g})")
        covmean = covmean.real
    diff = mu1 - mu2
    return float(diff @ diff + np.trace(sigma1) + np.trace(sigma2) - 2.0 * np.trace(covmean))

