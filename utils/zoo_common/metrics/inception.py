"""The user-supplied 2015 TF Inception graph (``classify_image_graph_def.pb``), batched for IS and FID.

Never downloaded: the path comes from the config's ``inception_pb`` (optionally pinned by ``inception_sha256``).
The graph resizes to 299×299 and normalises internally, taking 0–255 RGB images of any size at
``ExpandDims:0``. That tensor is replaced by a batched placeholder; features are ``pool_3:0``
(2048-d) and class probabilities softmax(pool_3 · W) with W the second input of
``softmax/logits/MatMul`` (OpenAI's IS definition, no bias). TensorFlow is imported on first use and
used only inside an explicit ``tf.Graph``, so this runs beside eager TF 2.x, TF 1.x graph code or MindSpore.
"""
import hashlib
import os

import numpy as np

INPUT = "ExpandDims:0"
FEATURES = "pool_3:0"
LOGITS_MATMUL = "softmax/logits/MatMul"
REQUIRED_NODES = ("ExpandDims", "pool_3", LOGITS_MATMUL)
EXPECTED = "the 2015 TF Inception graph classify_image_graph_def.pb from inception-2015-12-05.tgz"


def _tf():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow.compat.v1 as tf
    return tf


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_graph_def(path, sha256=""):
    """(GraphDef, sha256) of the Inception graph after checking file, checksum and node names."""
    if not path:
        raise ValueError(f"inception_pb is required for IS/FID: give the path of {EXPECTED} (never downloaded)")
    if not os.path.isfile(path):
        raise FileNotFoundError(f"Inception graph {path!r} does not exist (expected {EXPECTED})")
    digest = file_sha256(path)
    if sha256 and digest != sha256.lower():
        raise ValueError(f"Inception graph {path!r} has sha256 {digest}, expected {sha256}")
    graph_def = _tf().GraphDef()
    with open(path, "rb") as handle:
        try:
            graph_def.ParseFromString(handle.read())
        except Exception as err:  # protobuf's DecodeError type differs between versions
            raise ValueError(f"{path!r} is not a TensorFlow GraphDef ({err}); expected {EXPECTED}") from None
    names = {node.name for node in graph_def.node}
    missing = [name for name in REQUIRED_NODES if name not in names]
    if missing:
        raise ValueError(f"{path!r} lacks node(s) {missing}: expected {EXPECTED}")
    return graph_def, digest


class InceptionNetwork:
    """Batched pool_3 features and class probabilities of 0–255 NHWC images."""

    def __init__(self, path, sha256="", config=None):
        graph_def, self.sha256 = read_graph_def(path, sha256)
        tf = _tf()
        self.graph = tf.Graph()
        with self.graph.as_default():
            self.images = tf.placeholder(tf.float32, [None, None, None, 3], "images")
            pool, matmul = tf.import_graph_def(graph_def, input_map={INPUT: self.images},
                                               return_elements=[FEATURES, LOGITS_MATMUL], name="inception")
            weights = matmul.inputs[1]
            self.features = tf.reshape(pool, [-1, int(weights.shape[0])])
            self.probs = tf.nn.softmax(tf.matmul(self.features, weights))
        self.sess = tf.Session(graph=self.graph, config=config)

    def run(self, images, batch_size):
        """(features [N, D], probs [N, classes]) of uint8-valued images [N, H, W, 3]."""
        features, probs = [], []
        for start in range(0, len(images), batch_size):
            batch = np.asarray(images[start:start + batch_size], np.float32)
            f, p = self.sess.run([self.features, self.probs], {self.images: batch})
            features.append(f)
            probs.append(p)
        return np.concatenate(features), np.concatenate(probs)

    def close(self):
        self.sess.close()


def fid_against_real(fake_images, real_images, inception_pb, batch_size, split="train"):
    """FID of generated vs real 0–255 NHWC images with the user's Inception graph, named by protocol
    (``fid<count>_<split>``); returns (name, result record)."""
    from .fid_is import activation_statistics, frechet_distance
    from .naming import describe, metric_name
    inception = InceptionNetwork(inception_pb)
    try:
        fake_features, _ = inception.run(fake_images, batch_size)
        real_features, _ = inception.run(real_images, batch_size)
    finally:
        inception.close()
    value = frechet_distance(*activation_statistics(fake_features), *activation_statistics(real_features))
    name = metric_name("fid", len(fake_images), split)
    return name, {"value": float(value), "protocol": describe("fid", len(fake_images)),
                  "num_samples": len(fake_images), "num_real": len(real_images), "inception_sha256": inception.sha256}
