"""Conditional BigGAN generator: shared class embedding, hierarchical z, CBN residual blocks."""
from . import architecture
from .attention import self_attention
from .blocks import generator_block
from .ema import non_trainable_getter
from .layers import conv2d, dense
from .normalization import batch_norm
from .tf_compat import tf


def generator(z, y, mode, base_channel=96, num_classes=10, shared_dim=128, resolution=32,
              scope="generator", trainable=True):
    """(z [N, z_dim] float32, y [N] int32 class ids) → images [N, res, res, 3] in [-1, 1].

    ``trainable`` False builds the variables outside TRAINABLE_VARIABLES (the EMA copy).
    """
    arch = architecture.GENERATOR[architecture.check_resolution(resolution)]
    widths = [m * base_channel for m in arch["channels"]]
    chunks = tf.split(z, architecture.z_chunk_sizes(int(z.shape[-1]), resolution), axis=1)
    getter = None if trainable else non_trainable_getter
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE, custom_getter=getter):
        embed = tf.get_variable("embed_w", [num_classes, shared_dim], tf.float32,
                                tf.orthogonal_initializer())
        shared = tf.gather(embed, y)
        h = dense(tf.concat([chunks[0], shared], 1), 4 * 4 * widths[0], mode, "linear", spectral=False)
        h = tf.reshape(h, [-1, 4, 4, widths[0]])
        for index, (chunk, width) in enumerate(zip(chunks[1:], widths[1:])):
            h = generator_block(h, tf.concat([chunk, shared], 1), width, mode, f"block{index + 1}")
            if int(h.shape[1]) == arch["attention"]:
                h = self_attention(h, mode)
        h = tf.nn.relu(batch_norm(h, mode, "output_bn"))
        return tf.tanh(conv2d(h, 3, 3, mode, "output_conv"))
