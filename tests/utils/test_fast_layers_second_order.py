"""Second derivatives through the CPU fast-path cells equal those through the native cells.

A gradient penalty differentiates a function of the input gradient once more, with respect to the weights
and the input; the compiled convolution kernels support it by giving their backward operators gradients of
their own (``ms_cpu_kernels.convolution_kernels``). As in PGAN's critic loss, the inner gradient runs
through a second network sharing the first one's Parameters (MindSpore 2.10 cannot differentiate the same
cell twice). Tolerance as in test_fast_layers.py.
"""
import numpy as np
import pytest

import mindspore as ms
from mindspore import Tensor, nn, ops

from utils.zoo_common.ms_cpu_kernels import kernels_available
from utils.zoo_common.ms_fast_layers import (FastLeakyReLU, KernelConv2d, KernelConv2dTranspose, KernelLeakyReLU,
                                             apply_cpu_fast_path)

RTOL = 1e-5

ms.set_context(mode=ms.GRAPH_MODE)
ms.set_device("CPU")


class Critic(nn.Cell):
    """Every convolution geometry the kernels handle differently: stride 1 with bias, 'same' stride 2 with
    an uneven split (input rows cut off), a transposed convolution with bias, a 1×1 convolution."""

    def __init__(self, seed=0):
        super().__init__()
        self.layers = nn.SequentialCell([
            nn.Conv2d(3, 4, 3, 1, pad_mode="pad", padding=1, has_bias=True), nn.LeakyReLU(0.2),
            nn.Conv2d(4, 5, 4, 2, pad_mode="same"), nn.LeakyReLU(0.2),
            nn.Conv2dTranspose(5, 4, 3, 2, pad_mode="pad", padding=1, has_bias=True), nn.LeakyReLU(0.2),
            nn.Conv2d(4, 2, 1, 1, pad_mode="valid")])
        rng = np.random.default_rng(seed)
        for param in self.trainable_params():  # non-zero biases: their second derivatives are checked too
            param.set_data(Tensor(rng.standard_normal(param.shape).astype(np.float32) * 0.5))

    def construct(self, x):
        return self.layers(x)


def sharing_copy(net):
    """A second Critic whose Parameters are ``net``'s own objects."""
    copy = Critic()
    own = dict(net.parameters_and_names())
    for cell_name, cell in copy.cells_and_names():
        for key in list(cell._params):  # pylint: disable=protected-access
            cell._params[key] = own[f"{cell_name}.{key}" if cell_name else key]  # pylint: disable=protected-access
    return copy


class PenalisedScore(nn.Cell):
    """Σ D(x)·c + mean_i (‖∇_x Σ D(x)·c‖₂ − 1)² (the WGAN-GP form), the inner gradient through ``copy``."""

    def __init__(self, net, copy):
        super().__init__()
        self.net, self.copy = net, copy
        self.input_gradient = ops.GradOperation()

    def probe(self, x, cotangent):
        return (self.copy(x) * cotangent).sum()

    def construct(self, x, cotangent):
        gradient = self.input_gradient(self.probe)(x, cotangent)
        norm = ops.sqrt((gradient * gradient).sum(axis=(1, 2, 3)))
        return (self.net(x) * cotangent).sum() + ((norm - 1.0) ** 2).mean()


def penalty_gradients(fast):
    net = Critic()
    copy = sharing_copy(net)
    if fast:
        replaced = apply_cpu_fast_path(net, kernels=True) + apply_cpu_fast_path(copy, kernels=True)
        assert replaced == 14
        assert sum(isinstance(c, (KernelConv2d, KernelConv2dTranspose, KernelLeakyReLU, FastLeakyReLU))
                   for _, c in net.cells_and_names()) == 7
    rng = np.random.default_rng(1)
    x = Tensor(rng.standard_normal((3, 3, 7, 5)).astype(np.float32))
    cotangent = Tensor(rng.standard_normal((3, 2, 7, 5)).astype(np.float32))
    params = net.trainable_params()
    loss, (dx, dparams) = ms.value_and_grad(PenalisedScore(net, copy), 0, params)(x, cotangent)
    return float(loss.asnumpy()), dx.asnumpy(), {p.name: g.asnumpy() for p, g in zip(params, dparams)}


def assert_close(actual, expected, what):
    floor = RTOL * float(np.abs(expected).max())
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=floor, err_msg=what)


@pytest.mark.skipif(not kernels_available()[0], reason="the compiled CPU kernels do not build here")
def test_gradient_penalty_gradients_through_kernel_cells_equal_native():
    native_loss, native_dx, native_dparams = penalty_gradients(fast=False)
    fast_loss, fast_dx, fast_dparams = penalty_gradients(fast=True)
    np.testing.assert_allclose(fast_loss, native_loss, rtol=RTOL)
    assert_close(fast_dx, native_dx, "input gradient")
    assert sorted(fast_dparams) == sorted(native_dparams) and len(native_dparams) == 6
    for name, want in native_dparams.items():
        assert np.abs(want).max() > 0, name
        assert_close(fast_dparams[name], want, f"gradient of {name}")
