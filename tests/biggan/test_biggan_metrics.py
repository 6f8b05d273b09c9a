"""IS and FID maths against closed forms; the Inception-graph path on a tiny graph; clear errors."""
import math
import os

import numpy as np
import pytest
import scipy.linalg

from BigGAN.src.config import parse
from BigGAN.src.dataset import load_cifar10
from BigGAN.src.evaluate import Evaluator, stats_file_name
from BigGAN.src.inception import InceptionNetwork, file_sha256
from BigGAN.src.metrics import activation_statistics, count_tag, frechet_distance, inception_score
from BigGAN.src.tf_compat import tf
from biggan_fixtures import synthetic_batches, write_mat, write_tiny_inception


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


def test_count_tags():
    assert [count_tag(n) for n in (10000, 50000, 4992)] == ["10k", "50k", "4992"]


@pytest.fixture(scope="module")
def tiny_inception(tmp_path_factory):
    return write_tiny_inception(str(tmp_path_factory.mktemp("inception") / "classify_image_graph_def.pb"))


def test_batched_inception_matches_the_graph_image_by_image(tiny_inception):
    images = np.random.RandomState(3).randint(0, 256, (5, 32, 32, 3)).astype(np.uint8)
    network = InceptionNetwork(tiny_inception)
    features, probs = network.run(images, batch_size=2)
    network.close()
    graph_def = tf.GraphDef()
    with open(tiny_inception, "rb") as handle:
        graph_def.ParseFromString(handle.read())
    with tf.Graph().as_default() as graph:
        tf.import_graph_def(graph_def, name="")
        with tf.Session() as sess:
            single = [sess.run(["pool_3/_reshape:0", "softmax/logits/MatMul:0"], {"Cast:0": image})
                      for image in images.astype(np.float32)]
    reference_features = np.concatenate([s[0] for s in single])
    reference_logits = np.concatenate([s[1] for s in single])
    np.testing.assert_allclose(features, reference_features, rtol=1e-5, atol=1e-6)
    expected = np.exp(reference_logits) / np.exp(reference_logits).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(probs, expected, rtol=1e-5, atol=1e-7)
    assert features.shape == (5, 16) and probs.shape == (5, 12)


def test_missing_or_wrong_inception_graph_is_a_clear_error(tmp_path, tiny_inception):
    with pytest.raises(ValueError, match="inception_pb is required"):
        InceptionNetwork("")
    with pytest.raises(FileNotFoundError, match="does not exist .*classify_image_graph_def.pb"):
        InceptionNetwork(str(tmp_path / "absent.pb"))
    junk = tmp_path / "junk.pb"
    junk.write_bytes(b"\xff\xfe not a protobuf" * 10)
    with pytest.raises(ValueError, match="is not a TensorFlow GraphDef"):
        InceptionNetwork(str(junk))
    other = tmp_path / "other.pb"
    with tf.Graph().as_default() as graph:
        tf.constant(1.0, name="ExpandDims")
    other.write_bytes(graph.as_graph_def().SerializeToString())
    with pytest.raises(ValueError, match=r"lacks node\(s\) \['pool_3', 'softmax/logits/MatMul'\]"):
        InceptionNetwork(str(other))
    with pytest.raises(ValueError, match="has sha256 .*, expected 00ff"):
        InceptionNetwork(tiny_inception, sha256="00ff")
    assert InceptionNetwork(tiny_inception, sha256=file_sha256(tiny_inception)).sha256 == file_sha256(tiny_inception)


def test_evaluator_metrics_and_statistics_cache(tmp_path, tiny_inception):
    data = write_mat(str(tmp_path / "data"), synthetic_batches(per_file=6))
    cfg = parse([f"--data_path={data}", f"--inception_pb={tiny_inception}", f"--stats_dir={tmp_path / 'stats'}",
                 "--num_samples=40", "--eval_batch_size=16", "--is_splits=4", "--truncation_sweep=[0, 1.0]"], "t")
    rng = np.random.RandomState(4)
    palette = rng.uniform(-1, 1, (10, 1, 1, 3)).astype(np.float32)

    def generate(z, y):  # deterministic stand-in generator: a class colour plus latent-driven texture
        return np.tanh(palette[y] + 0.3 * z[:, :3][:, None, None, :] * np.ones((1, 32, 32, 1), np.float32))

    evaluate = Evaluator(cfg, generate, str(tmp_path / "out"))
    result = evaluate.run("stand-in")
    stats_path = str(tmp_path / "stats" / stats_file_name("train", 30))
    assert result["fid_statistics"] == stats_path and os.path.isfile(stats_path)
    network = InceptionNetwork(tiny_inception)
    fake_features, fake_probs = network.run(evaluate.samples(40), 16)
    real_features, _ = network.run(load_cifar10(data, "train")[0], 16)
    network.close()
    assert result["is40_std"] >= 0 and result["is40"] == pytest.approx(inception_score(fake_probs, 4)[0])
    expected_fid = frechet_distance(*activation_statistics(fake_features), *activation_statistics(real_features))
    assert result["fid40_train"] == pytest.approx(expected_fid, rel=1e-6)
    assert os.path.isfile(result["class_grid"]) and os.path.isfile(result["truncation_sweep"])
    again = Evaluator(cfg, generate, str(tmp_path / "out")).run("stand-in")  # reuses the cached statistics
    assert again["fid40_train"] == pytest.approx(result["fid40_train"], rel=1e-9)
    with open(tmp_path / "out" / "eval_metrics.jsonl") as handle:
        assert len(handle.readlines()) == 2
