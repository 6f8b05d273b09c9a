"""Batch normalisation with per-sample (conditional) or per-channel gain and bias.

Statistics over (N, H, W), ε = 1e-5. Running statistics start at mean 0 / variance 1 and follow an
exponential moving average (decay ``BN_DECAY``) in TRAIN passes. A STANDING pass instead accumulates
the plain average of batch statistics since the last reset (BigGAN's "standing statistics", used for
the EMA generator whose weights never ran a training pass).
"""
from . import modes
from .layers import dense
from .tf_compat import tf

BN_DECAY = 0.9
BN_EPSILON = 1e-5


def _running_statistics(channels):
    mean = tf.get_variable("moving_mean", [channels], tf.float32, tf.zeros_initializer(), trainable=False)
    var = tf.get_variable("moving_variance", [channels], tf.float32, tf.ones_initializer(), trainable=False)
    return mean, var


def _standing_count():
    return tf.get_variable("standing_count", [], tf.float32, tf.zeros_initializer(), trainable=False)


def _statistics(x, mode):
    moving_mean, moving_var = _running_statistics(int(x.shape[-1]))
    if not modes.uses_batch_statistics(mode):
        return moving_mean, moving_var
    mean, var = tf.nn.moments(x, [0, 1, 2])
    if mode == modes.TRAIN:
        updates = [tf.assign(moving_mean, BN_DECAY * moving_mean + (1.0 - BN_DECAY) * mean),
                   tf.assign(moving_var, BN_DECAY * moving_var + (1.0 - BN_DECAY) * var)]
    elif mode == modes.STANDING:
        count = _standing_count()
        weight = 1.0 / (count + 1.0)
        updates = [tf.assign(moving_mean, moving_mean + weight * (mean - moving_mean)),
                   tf.assign(moving_var, moving_var + weight * (var - moving_var))]
        with tf.control_dependencies(updates):
            updates = [tf.assign_add(count, 1.0)]
    else:
        updates = []
    with tf.control_dependencies(updates):
        return tf.identity(mean), tf.identity(var)


def _normalize(x, mode):
    mean, var = _statistics(x, mode)
    return (x - mean) * tf.rsqrt(var + BN_EPSILON)


def batch_norm(x, mode, name):
    """Plain BN with a learned per-channel gain (init 1) and bias (init 0)."""
    with tf.variable_scope(name):
        channels = int(x.shape[-1])
        gamma = tf.get_variable("gamma", [channels], tf.float32, tf.ones_initializer())
        beta = tf.get_variable("beta", [channels], tf.float32, tf.zeros_initializer())
        return _normalize(x, mode) * gamma + beta


def conditional_batch_norm(x, condition, mode, name):
    """BN whose gain 1 + γ(c) and bias β(c) are SN linear maps of the condition vector c.

    The reference uses γ(c) without the 1 +, so its gains start near 0; BigGAN uses 1 + γ(c).
    """
    with tf.variable_scope(name):
        channels = int(x.shape[-1])
        gain = 1.0 + dense(condition, channels, mode, "gamma")
        bias = dense(condition, channels, mode, "beta")
        return _normalize(x, mode) * gain[:, None, None, :] + bias[:, None, None, :]


def reset_standing_statistics(variables):
    """Op that zeroes the running statistics and standing counters among ``variables``."""
    targets = [v for v in variables
               if v.op.name.endswith(("/moving_mean", "/moving_variance", "/standing_count"))]
    return tf.group(*[tf.assign(v, tf.zeros_like(v)) for v in targets])
