"""SAGAN-style self-attention with 2×2 pooled keys and values (BigGAN's non-local block)."""
from .layers import avg_pool_2x, conv2d
from .tf_compat import tf


def self_attention(x, mode, name="attention"):
    """x + σ·o(softmax(θ φᵀ) g), σ a learned scalar initialised to 0."""
    with tf.variable_scope(name):
        height, width, channels = int(x.shape[1]), int(x.shape[2]), int(x.shape[3])
        positions, pooled = height * width, (height // 2) * (width // 2)
        theta = tf.reshape(conv2d(x, channels // 8, 1, mode, "theta"), [-1, positions, channels // 8])
        phi = tf.reshape(avg_pool_2x(conv2d(x, channels // 8, 1, mode, "phi")), [-1, pooled, channels // 8])
        g = tf.reshape(avg_pool_2x(conv2d(x, channels // 2, 1, mode, "g")), [-1, pooled, channels // 2])
        attention = tf.nn.softmax(tf.matmul(theta, phi, transpose_b=True), axis=-1)
        o = tf.reshape(tf.matmul(attention, g), [-1, height, width, channels // 2])
        o = conv2d(o, channels, 1, mode, "o")
        sigma = tf.get_variable("sigma_ratio", [], tf.float32, tf.zeros_initializer())
        return x + sigma * o
