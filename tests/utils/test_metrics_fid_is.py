"""IS against a direct computation, FID against Gaussian closed forms (no Inception weights involved)."""
import math

import numpy as np
import pytest
import scipy.linalg

from utils.zoo_common.metrics.fid_is import activation_statistics, frechet_distance, inception_score


def _inception_score_by_definition(probs):
    marginal = [sum(row[c] for row in probs) / len(probs) for c in range(len(probs[0]))]
    kl = [sum(p * math.log(p / marginal[c]) for c, p in enumerate(row) if p > 0) for row in probs]
    return math.exp(sum(kl) / len(kl))


def test_inception_score_on_known_logits():
    logits = np.random.RandomState(0).randn(200, 7) * 3
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    mean, std = inception_score(probs, splits=10)
    per_split = [_inception_score_by_definition(probs[i * 20:(i + 1) * 20].tolist()) for i in range(10)]
    assert mean == pytest.approx(np.mean(per_split), rel=1e-10)
    assert std == pytest.approx(np.std(per_split), rel=1e-8)
    one_hot = np.eye(10)[np.arange(100) % 10]  # confident and uniform over 10 classes: IS = 10
    assert inception_score(one_hot, splits=10) == pytest.approx((10.0, 0.0))
    assert inception_score(np.full((50, 4), 0.25), splits=5)[0] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="N >= splits"):
        inception_score(one_hot[:5], splits=10)


def _closed_form_fid(mu1, s1, mu2, s2):
    """tr(S1 + S2 − 2 (S1^½ S2 S1^½)^½) via symmetric eigendecompositions (independent of sqrtm(S1 S2))."""
    def sqrt_psd(m):
        values, vectors = np.linalg.eigh(m)
        return (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.T
    root = sqrt_psd(s1)
    return np.sum((mu1 - mu2) ** 2) + np.trace(s1) + np.trace(s2) - 2 * np.trace(sqrt_psd(root @ s2 @ root))


def test_frechet_distance_matches_the_gaussian_closed_form():
    rng = np.random.RandomState(1)
    a, b = rng.randn(6, 6), rng.randn(6, 6)
    s1, s2 = a @ a.T + 0.1 * np.eye(6), b @ b.T + 0.1 * np.eye(6)
    mu1, mu2 = rng.randn(6), rng.randn(6)
    assert frechet_distance(mu1, s1, mu2, s2) == pytest.approx(_closed_form_fid(mu1, s1, mu2, s2), rel=1e-8)
    # diagonal case: ‖Δμ‖² + Σ (σ1 + σ2 − 2√(σ1σ2))
    d1, d2 = np.array([1.0, 4.0, 9.0]), np.array([4.0, 1.0, 9.0])
    expected = 3.0 + np.sum(d1 + d2 - 2 * np.sqrt(d1 * d2))
    assert frechet_distance(np.zeros(3), np.diag(d1), np.ones(3), np.diag(d2)) == pytest.approx(expected)
    assert frechet_distance(mu1, s1, mu1, s1) == pytest.approx(0.0, abs=1e-8)
    with pytest.raises(ValueError, match="statistics of different sizes"):
        frechet_distance(mu1, s1, mu1[:5], s1[:5, :5])


def test_frechet_distance_of_gaussian_samples_converges():
    rng = np.random.RandomState(2)
    a = rng.randn(4, 4) * 0.5
    s1, s2 = np.eye(4), a @ a.T + 0.5 * np.eye(4)
    mu1, mu2 = np.zeros(4), np.array([1.0, -0.5, 0.0, 2.0])
    x = rng.multivariate_normal(mu1, s1, 200_000)
    y = rng.multivariate_normal(mu2, s2, 200_000)
    estimate = frechet_distance(*activation_statistics(x), *activation_statistics(y))
    assert estimate == pytest.approx(_closed_form_fid(mu1, s1, mu2, s2), abs=0.03)
    mu, sigma = activation_statistics(x[:10])
    np.testing.assert_allclose(sigma, np.cov(x[:10].T))
    assert scipy.linalg.issymmetric(sigma)


def test_frechet_distance_of_singular_covariances():
    """Rank-deficient Σ (fewer samples than dimensions) still gives the closed form, real and finite."""
    rng = np.random.RandomState(3)
    x, y = rng.randn(5, 8), rng.randn(5, 8) + 0.5
    (mu1, s1), (mu2, s2) = activation_statistics(x), activation_statistics(y)
    assert np.linalg.matrix_rank(s1) < 8
    assert frechet_distance(mu1, s1, mu2, s2) == pytest.approx(_closed_form_fid(mu1, s1, mu2, s2), rel=1e-4)
