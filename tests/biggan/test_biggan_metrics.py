"""The Inception-graph path on a tiny graph, clear errors, and BigGAN's IS/FID evaluation (maths: tests/utils)."""
import json
import os

import numpy as np
import pytest

from BigGAN.src.config import parse
from BigGAN.src.dataset import load_cifar10
from BigGAN.src.evaluate import Evaluator, stats_file_name
from BigGAN.src.tf_compat import tf
from biggan_fixtures import synthetic_batches, write_mat, write_tiny_inception
from utils.zoo_common.metrics.fid_is import activation_statistics, frechet_distance, inception_score
from utils.zoo_common.metrics.inception import InceptionNetwork, file_sha256


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
    with open(tmp_path / "out" / "fid40_train.json") as handle:
        assert json.load(handle)["value"] == pytest.approx(result["fid40_train"], rel=1e-9)
    with open(tmp_path / "out" / "is40.json") as handle:
        assert json.load(handle)["mean"] == pytest.approx(result["is40"], rel=1e-9)
