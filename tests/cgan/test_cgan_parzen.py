"""Parzen-window estimator against an independent Gaussian KDE built from scipy's multivariate normal."""
import numpy as np
import pytest
from scipy.special import logsumexp
from scipy.stats import multivariate_normal

from CGAN.src import parzen


def reference_log_likelihood(points, centres, sigma):
    """log (1/m) Σ_j N(x; μ_j, σ²I), one scipy density per centre."""
    dim = points.shape[1]
    per_centre = np.stack([multivariate_normal(mean=c, cov=sigma ** 2 * np.eye(dim)).logpdf(points)
                           for c in centres])
    return logsumexp(per_centre, axis=0) - np.log(len(centres))


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    return rng.uniform(0, 1, (23, 12)), rng.uniform(0, 1, (37, 12))


@pytest.mark.parametrize("chunk", [1, 5, 100])
def test_log_likelihoods_match_reference_for_every_sigma_and_chunk(data, chunk):
    points, centres = data
    sigmas = [0.1, 0.3, 1.0]
    ours = parzen.log_likelihoods(points, centres, sigmas, chunk=chunk)
    assert ours.shape == (3, 23)
    for row, sigma in zip(ours, sigmas):
        np.testing.assert_allclose(row, reference_log_likelihood(points, centres, sigma), rtol=1e-9, atol=1e-8)


def test_sigma_selection_and_score(data):
    points, centres = data
    validation, test = points[:12], points[12:]
    best, means = parzen.select_sigma(validation, centres, chunk=4)
    expected = [reference_log_likelihood(validation, centres, s).mean() for s in parzen.SIGMA_GRID]
    np.testing.assert_allclose(means, expected, rtol=1e-9)
    assert best == parzen.SIGMA_GRID[int(np.argmax(expected))]
    mean, stderr = parzen.score(test, centres, best, chunk=4)
    values = reference_log_likelihood(test, centres, best)
    assert mean == pytest.approx(values.mean(), rel=1e-9)
    assert stderr == pytest.approx(values.std() / np.sqrt(len(values)), rel=1e-9)


def test_far_points_stay_finite_at_small_sigma():
    centres = np.zeros((5, 784))
    points = np.ones((3, 784))
    values = parzen.log_likelihoods(points, centres, [0.01])[0]
    assert np.all(np.isfinite(values)) and np.all(values < -1e6)
