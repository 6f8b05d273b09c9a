"""PGAN's building blocks (specs/PGAN.md §2.1): equalized-learning-rate convolution and dense layers, pixel
norm, nearest ×2 upsampling, 2×2 downsampling (the minibatch standard-deviation feature map is the zoo's
shared ``utils/zoo_common/ms_minibatch_stddev.py``).

Equalized learning rate (Karras et al. 2018, §4.1): weights are drawn from N(0, 1), biases start at 0, and
at run time the weight is scaled by c = sqrt(2 / fan_in) (fan_in = in·kh·kw, or in for a dense layer):
``y = c·(W ∗ x) + b``. As in the paper's code, the bias is not scaled (the reference scales it too; both start
at 0). The convolution is a plain ``nn.Conv2d`` without bias, so the CPU fast path can swap it.

Upsampling and downsampling are written with Reshape, Concat and ReduceMean/ReduceMax only: MindSpore cannot
export ``ResizeNearestNeighbor`` to ONNX (DESIGN §8), and these stay differentiable twice (the gradient
penalty differentiates the critic's input gradient).
"""
import math

import numpy as np
from mindspore import Parameter, Tensor, nn, ops

LEAKY_SLOPE = 0.2
PIXEL_NORM_EPSILON = 1e-8


def equalized_scale(fan_in):
    return math.sqrt(2.0 / fan_in)


class EqualizedConv2d(nn.Cell):
    """k×k convolution, stride 1, zero padding (k−1)/2, with the equalized-lr scale; parameters
    ``conv.weight`` (out, in, k, k) and ``bias`` (out,)."""

    def __init__(self, in_channels, out_channels, kernel_size, rng):
        super().__init__()
        padding = (kernel_size - 1) // 2
        weight = rng.standard_normal((out_channels, in_channels, kernel_size, kernel_size)).astype(np.float32)
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size, stride=1,
                              pad_mode="pad" if padding else "valid", padding=padding, has_bias=False,
                              weight_init=Tensor(weight))
        self.bias = Parameter(Tensor(np.zeros(out_channels, np.float32)), name="bias")
        self.scale = equalized_scale(in_channels * kernel_size * kernel_size)

    def construct(self, x):
        return self.conv(x) * self.scale + self.bias.reshape((1, -1, 1, 1))


class EqualizedDense(nn.Cell):
    """Dense layer with the equalized-lr scale; parameters ``weight`` (out, in) and ``bias`` (out,)."""

    def __init__(self, in_channels, out_channels, rng):
        super().__init__()
        weight = rng.standard_normal((out_channels, in_channels)).astype(np.float32)
        self.weight = Parameter(Tensor(weight), name="weight")
        self.bias = Parameter(Tensor(np.zeros(out_channels, np.float32)), name="bias")
        self.scale = equalized_scale(in_channels)
        self.matmul = ops.MatMul(transpose_b=True)

    def construct(self, x):
        return self.matmul(x, self.weight) * self.scale + self.bias


class PixelNorm(nn.Cell):
    """x / sqrt(mean over channels (axis 1) of x² + 1e-8)."""

    def construct(self, x):
        return x / ops.sqrt((x * x).mean(axis=1, keep_dims=True) + PIXEL_NORM_EPSILON)


def leaky_relu(x):
    return ops.maximum(x, x * LEAKY_SLOPE)


def upsample2(x):
    """Nearest-neighbour ×2 of an NCHW tensor."""
    n, c, h, w = x.shape
    x = ops.concat((x.expand_dims(4), x.expand_dims(4)), 4).reshape((n, c, h, 1, 2 * w))
    return ops.concat((x, x), 3).reshape((n, c, 2 * h, 2 * w))


def downsample2(x, mode="avg"):
    """2×2 stride-2 average (paper) or max (reference) pooling of an NCHW tensor."""
    n, c, h, w = x.shape
    x = x.reshape((n, c, h // 2, 2, w // 2, 2))
    if mode == "avg":
        return x.mean(axis=(3, 5))
    return x.max(axis=5).max(axis=3)

