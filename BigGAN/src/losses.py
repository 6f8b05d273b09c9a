"""Hinge losses and BigGAN's off-diagonal orthogonal regularisation."""
from .tf_compat import tf


def discriminator_hinge_loss(real_logits, fake_logits):
    return tf.reduce_mean(tf.nn.relu(1.0 - real_logits)) + tf.reduce_mean(tf.nn.relu(1.0 + fake_logits))


def generator_hinge_loss(fake_logits):
    return -tf.reduce_mean(fake_logits)


def orthogonal_regularization(kernels):
    """Σ_W ½‖(W Wᵀ) ⊙ (1 − I)‖²_F over raw (pre-SN) conv kernels [k, k, in, out] seen as [out, k·k·in]."""
    total = 0.0
    for kernel in kernels:
        out = int(kernel.shape[-1])
        w = tf.reshape(tf.transpose(kernel, [3, 0, 1, 2]), [out, -1])
        gram = tf.matmul(w, w, transpose_b=True)
        total += tf.nn.l2_loss(gram * (1.0 - tf.eye(out)))
    return total


def conv_kernels(variables):
    """The rank-4 (convolution) kernels among ``variables``: what the regulariser is applied to."""
    return [v for v in variables if v.shape.ndims == 4]
