"""Convolution, linear and resampling layers (NHWC). Kernels are orthogonally initialised, biases 0."""
from .spectral_norm import spectral_normalize
from .tf_compat import tf


def _kernel(shape):
    return tf.get_variable("w", shape, tf.float32, tf.orthogonal_initializer())


def _bias(channels):
    return tf.get_variable("b", [channels], tf.float32, tf.zeros_initializer())


def conv2d(x, out_channels, kernel_size, mode, name):
    """SN convolution, stride 1, SAME padding, with bias."""
    with tf.variable_scope(name):
        w = _kernel([kernel_size, kernel_size, int(x.shape[-1]), out_channels])
        y = tf.nn.conv2d(x, spectral_normalize(w, mode), [1, 1, 1, 1], "SAME")
        return tf.nn.bias_add(y, _bias(out_channels))


def dense(x, units, mode, name, spectral=True):
    """Linear layer with bias; spectrally normalised unless ``spectral`` is False."""
    with tf.variable_scope(name):
        w = _kernel([int(x.shape[-1]), units])
        if spectral:
            w = spectral_normalize(w, mode)
        return tf.matmul(x, w) + _bias(units)


def upsample_nearest_2x(x):
    height, width = int(x.shape[1]), int(x.shape[2])
    return tf.image.resize_nearest_neighbor(x, [2 * height, 2 * width])


def avg_pool_2x(x):
    return tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
