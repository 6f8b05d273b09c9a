"""Projection discriminator of residual down-sampling blocks (no normalisation but SN)."""
from . import architecture
from .attention import self_attention
from .blocks import discriminator_block
from .layers import dense
from .spectral_norm import spectral_normalize
from .tf_compat import tf


def _projection(h, y, num_classes, mode):
    """Σ_c V_SN[y]_c h_c, with SN applied to Vᵀ seen as a linear map from features to classes."""
    with tf.variable_scope("projection"):
        embed = tf.get_variable("embed_w", [num_classes, int(h.shape[-1])], tf.float32,
                                tf.orthogonal_initializer())
        embed_sn = tf.transpose(spectral_normalize(tf.transpose(embed), mode, "embedu"))
        return tf.reduce_sum(tf.gather(embed_sn, y) * h, axis=1, keepdims=True)


def discriminator(x, y, mode, base_channel=96, num_classes=10, resolution=32, scope="discriminator"):
    """(images [N, res, res, 3], y [N] int32) → logits [N, 1]."""
    arch = architecture.DISCRIMINATOR[architecture.check_resolution(resolution)]
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
        h = x
        for index, (multiplier, down) in enumerate(zip(arch["channels"], arch["downsample"])):
            h = discriminator_block(h, multiplier * base_channel, mode, f"block{index + 1}", down,
                                    preactivate=index > 0)
            if down and int(h.shape[1]) == arch["attention"]:
                h = self_attention(h, mode)
        h = tf.reduce_sum(tf.nn.relu(h), axis=[1, 2])
        return dense(h, 1, mode, "linear") + _projection(h, y, num_classes, mode)
