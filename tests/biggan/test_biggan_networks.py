"""Generator / discriminator shapes and parameter counts; spectral norm, batch norm and losses on known inputs."""
import numpy as np
import pytest

from BigGAN.src import modes
from BigGAN.src.discriminator import discriminator
from BigGAN.src.generator import generator
from BigGAN.src.layers import conv2d
from BigGAN.src.losses import (discriminator_hinge_loss, generator_hinge_loss, orthogonal_regularization)
from BigGAN.src.normalization import batch_norm, conditional_batch_norm, reset_standing_statistics
from BigGAN.src.spectral_norm import U_COLLECTION, spectral_normalize
from BigGAN.src.tf_compat import tf


def _count(variables):
    return int(sum(np.prod(v.shape.as_list()) for v in variables))


def test_parameter_counts_at_reference_width():
    with tf.Graph().as_default():
        z, y = tf.placeholder(tf.float32, [None, 120]), tf.placeholder(tf.int32, [None])
        images = generator(z, y, modes.TRAIN, base_channel=96)
        logits = discriminator(images, y, modes.TRAIN, base_channel=96)
        assert images.shape.as_list() == [None, 32, 32, 3] and logits.shape.as_list() == [None, 1]
        assert _count(tf.trainable_variables("generator/")) == 10_315_428
        assert _count(tf.trainable_variables("discriminator/")) == 9_937_442
        u_vectors = tf.get_collection(U_COLLECTION)
        # every SN layer: G 3 blocks × (2 conv + shortcut + 2 CBN × 2 dense) + 4 attention + output conv;
        # D 4 blocks × 3 conv + 4 attention + linear + projection
        assert len(u_vectors) == 3 * 7 + 4 + 1 + 4 * 3 + 4 + 2
        assert not set(u_vectors) & set(tf.trainable_variables())


@pytest.mark.parametrize("resolution, attention_scopes", [(64, 2), (128, 2)])
def test_larger_layouts_build(resolution, attention_scopes):
    with tf.Graph().as_default():
        z, y = tf.placeholder(tf.float32, [None, 120]), tf.placeholder(tf.int32, [None])
        images = generator(z, y, modes.TRAIN, base_channel=2, resolution=resolution)
        logits = discriminator(images, y, modes.TRAIN, base_channel=2, resolution=resolution)
        assert images.shape.as_list() == [None, resolution, resolution, 3] and logits.shape.as_list() == [None, 1]
        names = {v.op.name.split("/attention/")[0] for v in tf.global_variables() if "/attention/" in v.op.name}
        assert len(names) == attention_scopes  # one attention block in G and one in D
    with pytest.raises(ValueError, match=r"resolution must be one of \[32, 64, 128\], got 48"):
        generator(z, y, modes.TRAIN, resolution=48)


@pytest.fixture(scope="module")
def tiny_networks():
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(0)
        z, y = tf.placeholder(tf.float32, [None, 120]), tf.placeholder(tf.int32, [None])
        train_images = generator(z, y, modes.TRAIN, base_channel=4)
        eval_images = generator(z, y, modes.EVAL, base_channel=4)
        logits = discriminator(train_images, y, modes.FORWARD, base_channel=4)
        sess = tf.Session(graph=graph)
        sess.run(tf.global_variables_initializer())
    yield sess, z, y, train_images, eval_images, logits
    sess.close()


def test_tiny_networks_shapes_and_ranges(tiny_networks):
    sess, z, y, train_images, eval_images, logits = tiny_networks
    rng = np.random.RandomState(0)
    feed = {z: rng.randn(6, 120).astype(np.float32), y: np.arange(6, dtype=np.int32)}
    images, scores = sess.run([eval_images, logits], feed)
    assert images.shape == (6, 32, 32, 3) and scores.shape == (6, 1)
    assert np.all(np.abs(images) <= 1.0) and np.isfinite(scores).all()


def test_eval_generator_is_per_sample(tiny_networks):
    """With running statistics, image i depends only on (z_i, y_i): batch 1 equals row 0 of batch 4."""
    sess, z, y, _, eval_images, _ = tiny_networks
    rng = np.random.RandomState(1)
    zs, ys = rng.randn(4, 120).astype(np.float32), np.array([3, 1, 4, 1], np.int32)
    batch = sess.run(eval_images, {z: zs, y: ys})
    single = sess.run(eval_images, {z: zs[:1], y: ys[:1]})
    np.testing.assert_allclose(single[0], batch[0], atol=1e-6)


def test_class_label_changes_the_output(tiny_networks):
    sess, z, y, _, eval_images, _ = tiny_networks
    zs = np.random.RandomState(2).randn(2, 120).astype(np.float32)
    a = sess.run(eval_images, {z: zs[[0, 0]], y: np.array([0, 7], np.int32)})
    assert np.abs(a[0] - a[1]).max() > 1e-4


def _power_iteration_numpy(w_matrix, u):
    v = u @ w_matrix.T
    v /= np.linalg.norm(v)
    u_next = v @ w_matrix
    return u_next / np.linalg.norm(u_next)


def test_spectral_norm_estimate_converges_to_svd():
    rng = np.random.RandomState(3)
    kernel = rng.randn(3, 3, 5, 7).astype(np.float32)
    with tf.Graph().as_default():
        tf.set_random_seed(0)
        w = tf.constant(kernel)
        with tf.variable_scope("layer"):
            w_sn = spectral_normalize(w, modes.TRAIN)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            # (σ2/σ1)² = 0.895 for this kernel: 200 power iterations shrink the start error by ~1e-10.
            for _ in range(200):
                normalized = sess.run(w_sn)
    singular = np.linalg.svd(kernel.reshape(-1, 7), compute_uv=False)
    np.testing.assert_allclose(kernel.reshape(-1, 7)[0, 0] / normalized.reshape(-1, 7)[0, 0], singular[0],
                               rtol=1e-4)
    assert np.linalg.svd(normalized.reshape(-1, 7), compute_uv=False)[0] == pytest.approx(1.0, abs=1e-4)


def test_u_moves_only_by_power_iteration_and_only_in_train_mode():
    rng = np.random.RandomState(4)
    x = rng.randn(2, 6, 6, 3).astype(np.float32)
    with tf.Graph().as_default():
        tf.set_random_seed(4)
        inputs = tf.constant(x)
        train_out = conv2d(inputs, 8, 3, modes.TRAIN, "conv")
        with tf.variable_scope("", reuse=True):
            eval_out = conv2d(inputs, 8, 3, modes.EVAL, "conv")
            forward_out = conv2d(inputs, 8, 3, modes.FORWARD, "conv")
        kernel = tf.trainable_variables("conv/")[0]
        u = tf.get_collection(U_COLLECTION)[0]
        loss = tf.reduce_mean(tf.square(train_out))
        assert tf.gradients(loss, u) == [None]
        step = tf.train.AdamOptimizer(0.1).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            u0 = sess.run(u)
            sess.run([eval_out, forward_out])
            np.testing.assert_array_equal(sess.run(u), u0)
            w0 = sess.run(kernel)
            sess.run(step)
            u1, w1 = sess.run([u, kernel])
    assert np.abs(w1 - w0).max() > 1e-3  # the optimizer moved the kernel …
    # … and u is exactly one power iteration on the pre-step kernel, untouched by Adam.
    np.testing.assert_allclose(u1, _power_iteration_numpy(w0.reshape(-1, 8), u0), rtol=1e-5, atol=1e-6)


def test_batch_norm_modes_and_statistics():
    rng = np.random.RandomState(5)
    batches = [rng.randn(4, 3, 3, 2).astype(np.float32) * 2 + 1 for _ in range(3)]
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3, 3, 2])
        with tf.variable_scope("net", reuse=tf.AUTO_REUSE):
            train = batch_norm(x, modes.TRAIN, "bn")
            standing = batch_norm(x, modes.STANDING, "bn")
            evaluate = batch_norm(x, modes.EVAL, "bn")
        mean_var, var_var = [v for v in tf.global_variables() if "moving" in v.op.name]
        reset = reset_standing_statistics(tf.global_variables())
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            out = sess.run(train, {x: batches[0]})
            np.testing.assert_allclose(out.mean(axis=(0, 1, 2)), 0, atol=1e-5)
            np.testing.assert_allclose(out.var(axis=(0, 1, 2)), 1, atol=1e-3)
            np.testing.assert_allclose(sess.run(mean_var), 0.1 * batches[0].mean(axis=(0, 1, 2)), rtol=1e-5)
            np.testing.assert_allclose(sess.run(var_var), 0.9 + 0.1 * batches[0].var(axis=(0, 1, 2)), rtol=1e-5)
            sess.run(reset)
            for batch in batches:
                sess.run(standing, {x: batch})
            means = np.mean([b.mean(axis=(0, 1, 2)) for b in batches], axis=0)
            variances = np.mean([b.var(axis=(0, 1, 2)) for b in batches], axis=0)
            np.testing.assert_allclose(sess.run(mean_var), means, rtol=1e-5)
            np.testing.assert_allclose(sess.run(var_var), variances, rtol=1e-5)
            np.testing.assert_allclose(sess.run(evaluate, {x: batches[0]}),
                                       (batches[0] - means) / np.sqrt(variances + 1e-5), rtol=1e-4, atol=1e-5)


def test_conditional_batch_norm_gain_is_one_plus_linear():
    """With a zero condition the linear maps give only their zero biases: gain 1, bias 0 (not gain 0)."""
    x = np.random.RandomState(6).randn(4, 2, 2, 3).astype(np.float32)
    with tf.Graph().as_default():
        out = conditional_batch_norm(tf.constant(x), tf.zeros([4, 5]), modes.FORWARD, "cbn")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            result = sess.run(out)
    mean, var = x.mean(axis=(0, 1, 2)), x.var(axis=(0, 1, 2))
    np.testing.assert_allclose(result, (x - mean) / np.sqrt(var + 1e-5), rtol=1e-4, atol=1e-5)


def test_hinge_losses_on_known_logits():
    with tf.Graph().as_default(), tf.Session() as sess:
        real, fake = tf.constant([[2.0], [0.5], [-1.0]]), tf.constant([[-2.0], [0.0], [1.0]])
        d_loss, g_loss = sess.run([discriminator_hinge_loss(real, fake), generator_hinge_loss(fake)])
    assert d_loss == pytest.approx((0 + 0.5 + 2.0) / 3 + (0 + 1.0 + 2.0) / 3)
    assert g_loss == pytest.approx(1.0 / 3)


def test_orthogonal_regularization_on_known_kernels():
    rng = np.random.RandomState(7)
    kernels = [rng.randn(3, 3, 4, 5).astype(np.float32), rng.randn(1, 1, 6, 2).astype(np.float32)]
    expected = 0.0
    for kernel in kernels:
        w = kernel.reshape(-1, kernel.shape[-1]).T  # [out, k·k·in]
        gram = w @ w.T
        expected += 0.5 * np.sum((gram - np.diag(np.diag(gram))) ** 2)
    q, _ = np.linalg.qr(rng.randn(9, 9))
    orthogonal = q[:, :4].reshape(1, 1, 9, 4).astype(np.float32) * 3.0  # orthogonal columns, any norm
    with tf.Graph().as_default(), tf.Session() as sess:
        value = sess.run(orthogonal_regularization([tf.constant(k) for k in kernels]))
        zero = sess.run(orthogonal_regularization([tf.constant(orthogonal)]))
    assert value == pytest.approx(expected, rel=1e-5)
    assert zero == pytest.approx(0.0, abs=1e-4)
