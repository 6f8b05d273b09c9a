"""Residual up-sampling (generator) and down-sampling (discriminator) blocks."""
from .layers import avg_pool_2x, conv2d, upsample_nearest_2x
from .normalization import conditional_batch_norm
from .tf_compat import tf


def generator_block(x, condition, out_channels, mode, name):
    """CBN → ReLU → 2× up → conv3 → CBN → ReLU → conv3, plus a 2× up → conv1 shortcut."""
    with tf.variable_scope(name):
        h = tf.nn.relu(conditional_batch_norm(x, condition, mode, "bn0"))
        h = conv2d(upsample_nearest_2x(h), out_channels, 3, mode, "conv0")
        h = tf.nn.relu(conditional_batch_norm(h, condition, mode, "bn1"))
        h = conv2d(h, out_channels, 3, mode, "conv1")
        return h + conv2d(upsample_nearest_2x(x), out_channels, 1, mode, "shortcut")


def discriminator_block(x, out_channels, mode, name, downsample, preactivate=True):
    """[ReLU] → conv3 → ReLU → conv3 → [pool], plus a conv1 → [pool] shortcut.

    The first block of D takes the image itself and is not pre-activated (the reference applies a
    ReLU to the raw image there).
    """
    with tf.variable_scope(name):
        h = tf.nn.relu(x) if preactivate else x
        h = conv2d(h, out_channels, 3, mode, "conv0")
        h = conv2d(tf.nn.relu(h), out_channels, 3, mode, "conv1")
        shortcut = conv2d(x, out_channels, 1, mode, "shortcut")
        if downsample:
            h, shortcut = avg_pool_2x(h), avg_pool_2x(shortcut)
        return h + shortcut
