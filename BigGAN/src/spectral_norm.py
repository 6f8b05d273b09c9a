"""Spectral normalisation with one power iteration per training pass (Miyato et al. 2018).

The kernel is viewed as a matrix W of shape [-1, out]. The state ``u`` ([1, out]) is a non-trainable
variable: it is not in any optimizer's var_list, gradients never flow into it (u and v are
stop-gradient), and only a TRAIN pass moves it, by the power iteration.
"""
from . import modes
from .tf_compat import tf

U_COLLECTION = "spectral_norm_u"


def _l2_normalize(x):
    return tf.math.l2_normalize(x, axis=-1, epsilon=1e-12)


def power_iteration(w_matrix, u):
    """One step from u: (v, u', σ) with σ = v W u'ᵀ, the current estimate of W's largest singular value."""
    v = _l2_normalize(tf.matmul(u, w_matrix, transpose_b=True))
    u_next = _l2_normalize(tf.matmul(v, w_matrix))
    v, u_next = tf.stop_gradient(v), tf.stop_gradient(u_next)
    sigma = tf.reduce_sum(tf.matmul(v, w_matrix) * u_next)
    return u_next, sigma


def spectral_normalize(w, mode, name="snu"):
    """W / σ(W) for a kernel ``w`` of any rank whose last axis is the output axis."""
    modes.check(mode)
    out = int(w.shape[-1])
    u = tf.get_variable(name, [1, out], tf.float32, tf.truncated_normal_initializer(stddev=1.0),
                        trainable=False,
                        collections=[tf.GraphKeys.GLOBAL_VARIABLES, U_COLLECTION])
    u_next, sigma = power_iteration(tf.reshape(w, [-1, out]), u)
    if mode == modes.TRAIN:
        with tf.control_dependencies([tf.assign(u, u_next)]):
            sigma = tf.identity(sigma)
    return w / sigma
