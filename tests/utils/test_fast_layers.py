"""The CPU fast-path cells reproduce the native MindSpore cells: forward, input and parameter gradients.

Tolerance: relative 1e-5 per element, with an absolute floor of 1e-5 × the largest reference magnitude;
the floor covers elements that are sums cancelling to near zero, where fp32 summation order alone moves
the result by more than 1e-5 of its own size.
"""
import os
import subprocess
import sys

import numpy as np
import pytest

import mindspore as ms
from mindspore import nn, Tensor

from utils.zoo_common.ms_fast_layers import (
    FastConv2d, FastConv2dTranspose, FastGroupNorm, FastLeakyReLU, KernelConv2d, KernelConv2dTranspose, KernelGroupNorm,
    KernelBatchNorm2d, KernelLeakyReLU,
    apply_cpu_fast_path, fast_cell_for, replace_cells, restore_native_cells)
from utils.zoo_common.ms_cpu_kernels import kernels_available
from conftest import ZOO_ROOT

RTOL = 1e-5

ms.set_context(mode=ms.GRAPH_MODE)
ms.set_device("CPU")


class CotangentProbe(nn.Cell):
    """sum(cell(x) * cotangent): its gradient is the vector-Jacobian product with a random cotangent."""

    def __init__(self, cell):
        super().__init__()
        self.cell = cell

    def construct(self, x, cotangent):
        return (self.cell(x) * cotangent).sum()


def assert_close(actual, expected, what):
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape, what
    floor = RTOL * float(np.abs(expected).max())
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=floor, err_msg=what)


def assert_equivalent(native, input_shape, seed=0, kernels=False):
    rng = np.random.default_rng(seed)
    fast = fast_cell_for(native, kernels)
    assert fast is not None, f"no fast cell for {native}"
    x = Tensor(rng.standard_normal(input_shape).astype(np.float32))
    expected = native(x).asnumpy()
    assert_close(fast(x).asnumpy(), expected, "forward")
    cotangent = Tensor(rng.standard_normal(expected.shape).astype(np.float32))
    params = native.trainable_params()
    dx_native, dparams_native = ms.grad(CotangentProbe(native), 0, params)(x, cotangent)
    dx_fast, dparams_fast = ms.grad(CotangentProbe(fast), 0, params)(x, cotangent)
    assert_close(dx_fast.asnumpy(), dx_native.asnumpy(), "input gradient")
    assert len(dparams_fast) == len(dparams_native) == len(params)
    for param, got, want in zip(params, dparams_fast, dparams_native):
        assert_close(got.asnumpy(), want.asnumpy(), f"gradient of {param.name}")
    return fast


CONV_CASES = [
    # (in, out, kernel, stride, pad_mode, padding, bias, input (N, C, H, W))
    (3, 5, 4, 2, "pad", 1, False, (2, 3, 8, 8)),           # DCGAN/CGAN down-sampling block
    (3, 5, 3, 1, "pad", 1, True, (2, 3, 7, 6)),            # stride 1, odd size, bias
    (3, 4, 4, 2, "valid", 0, False, (2, 3, 4, 4)),         # kernel covers the input: dense path
    (3, 4, 3, 2, "valid", 0, False, (2, 3, 9, 7)),         # valid, kernel not a multiple of the stride
    (2, 4, 3, 2, "pad", (0, 1, 2, 1), True, (2, 2, 7, 6)),  # asymmetric padding
    (2, 3, (3, 1), (1, 2), "pad", 1, False, (2, 2, 5, 6)),  # rectangular kernel and stride
    (3, 4, 3, 1, "same", 0, True, (2, 3, 5, 6)),           # 'same' (MindSpore's default pad_mode)
    (3, 4, 4, 2, "same", 0, False, (2, 3, 7, 6)),          # 'same', stride 2, uneven split
]

CONV_TRANSPOSE_CASES = [
    (3, 5, 4, 2, "pad", 1, False, (2, 3, 4, 4)),           # DCGAN/CGAN up-sampling block
    (6, 5, 4, 1, "valid", 0, False, (2, 6, 1, 1)),         # noise vector to 4×4
    (3, 4, 4, 2, "pad", 1, False, (2, 3, 1, 1)),           # single pixel, stride 2, cropped
    (3, 4, 3, 2, "pad", 1, True, (2, 3, 5, 4)),            # kernel not a multiple of the stride, bias
    (3, 4, 3, 1, "pad", 1, False, (2, 3, 5, 4)),           # stride 1
    (2, 3, 4, 2, "pad", (1, 0, 0, 2), False, (2, 2, 3, 3)),  # asymmetric padding
    (3, 4, 3, 1, "same", 0, True, (2, 3, 5, 4)),           # 'same' (MindSpore's default pad_mode)
    (3, 4, 3, 2, "same", 0, False, (2, 3, 3, 4)),          # 'same', stride 2, odd crop
]


# Both convolution implementations are checked; the oneDNN kernels need `make env` (headers) and g++.
IMPLEMENTATIONS = pytest.mark.parametrize("kernels", [True, False], ids=["kernel", "elementary"])


def test_cpu_kernels_build_here():
    available, reason = kernels_available()
    assert available, reason


@IMPLEMENTATIONS
@pytest.mark.parametrize("cin,cout,kernel,stride,pad_mode,padding,bias,shape", CONV_CASES)
def test_conv2d_matches_native(cin, cout, kernel, stride, pad_mode, padding, bias, shape, kernels):
    native = nn.Conv2d(cin, cout, kernel, stride, pad_mode=pad_mode, padding=padding, has_bias=bias)
    fast = assert_equivalent(native, shape, kernels=kernels)
    assert type(fast) is (KernelConv2d if kernels else FastConv2d)


@IMPLEMENTATIONS
@pytest.mark.parametrize("cin,cout,kernel,stride,pad_mode,padding,bias,shape", CONV_TRANSPOSE_CASES)
def test_conv2d_transpose_matches_native(cin, cout, kernel, stride, pad_mode, padding, bias, shape, kernels):
    native = nn.Conv2dTranspose(cin, cout, kernel, stride, pad_mode=pad_mode, padding=padding, has_bias=bias)
    fast = assert_equivalent(native, shape, kernels=kernels)
    assert type(fast) is (KernelConv2dTranspose if kernels else FastConv2dTranspose)


@IMPLEMENTATIONS
@pytest.mark.parametrize("groups,shape", [(1, (3, 6, 4, 4)), (3, (2, 6, 3, 5)), (2, (2, 4, 7))])
def test_group_norm_matches_native(groups, shape, kernels):
    native = nn.GroupNorm(groups, shape[1])
    rng = np.random.default_rng(1)
    # non-trivial affine parameters, so their gradients and their use in the forward are both checked
    native.gamma.set_data(Tensor(rng.uniform(0.5, 1.5, shape[1]).astype(np.float32)))
    native.beta.set_data(Tensor(rng.standard_normal(shape[1]).astype(np.float32)))
    fast = assert_equivalent(native, shape, kernels=kernels)
    assert type(fast) is (KernelGroupNorm if kernels else FastGroupNorm)


@IMPLEMENTATIONS
def test_leaky_relu_matches_native(kernels):
    fast = assert_equivalent(nn.LeakyReLU(0.2), (3, 4, 5, 5), kernels=kernels)
    assert type(fast) is (KernelLeakyReLU if kernels else FastLeakyReLU)


class SquaredInputGradient(nn.Cell):
    """sum((d/dx sum(cell(x)³))²): its gradient needs the cell's second derivative (as a gradient penalty)."""

    def __init__(self, cell):
        super().__init__()
        self.input_gradient = ms.grad(CotangentProbe(cell))

    def construct(self, x, cotangent):
        return (self.input_gradient(x, cotangent) ** 2).sum()


def test_leaky_relu_kernel_has_second_derivatives():
    rng = np.random.default_rng(3)
    x = Tensor(rng.standard_normal((3, 4, 5, 5)).astype(np.float32))
    cotangent = Tensor(rng.standard_normal((3, 4, 5, 5)).astype(np.float32))
    native = nn.LeakyReLU(0.2)
    kernel = fast_cell_for(native, kernels=True)
    expected = ms.grad(SquaredInputGradient(FastLeakyReLU(native)), (0, 1))(x, cotangent)
    got = ms.grad(SquaredInputGradient(kernel), (0, 1))(x, cotangent)
    # d/dcotangent: 2·slope(x)²·cotangent, nonzero; d/dx: zero away from the kink
    assert float(np.abs(expected[1].asnumpy()).max()) > 0
    for name, want, have in zip(("x", "cotangent"), expected, got):
        assert_close(have.asnumpy(), want.asnumpy(), f"second derivative, {name}")


def _batch_norm(rng, channels):
    native = nn.BatchNorm2d(channels, momentum=0.8)
    native.gamma.set_data(Tensor(rng.uniform(0.5, 1.5, channels).astype(np.float32)))
    native.beta.set_data(Tensor(rng.standard_normal(channels).astype(np.float32)))
    return native


def test_batch_norm_kernel_matches_native():
    """Training mode: output, input and γ/β gradients, and the running statistics after two steps (each the
    kernel cell's own copy); inference mode: the output from those statistics."""
    rng = np.random.default_rng(4)
    native, twin = _batch_norm(rng, 6), _batch_norm(np.random.default_rng(4), 6)
    fast = fast_cell_for(twin, kernels=True)
    assert type(fast) is KernelBatchNorm2d
    native.set_train(True)
    fast.set_train(True)
    for step in range(2):
        x = Tensor((rng.standard_normal((4, 6, 5, 3)) * 3 + 2).astype(np.float32))
        cotangent = Tensor(rng.standard_normal((4, 6, 5, 3)).astype(np.float32))
        assert_close(fast(x).asnumpy(), native(x).asnumpy(), f"forward, step {step}")
        dx_native, dparams_native = ms.grad(CotangentProbe(native), 0, native.trainable_params())(x, cotangent)
        dx_fast, dparams_fast = ms.grad(CotangentProbe(fast), 0, twin.trainable_params())(x, cotangent)
        assert_close(dx_fast.asnumpy(), dx_native.asnumpy(), "input gradient")
        for param, got, want in zip(native.trainable_params(), dparams_fast, dparams_native):
            assert_close(got.asnumpy(), want.asnumpy(), f"gradient of {param.name}")
    for name in ("moving_mean", "moving_variance"):
        expected = getattr(native, name).asnumpy()
        assert not np.allclose(expected, 1.0 if name == "moving_variance" else 0.0)
        assert_close(getattr(twin, name).asnumpy(), expected, name)
    native.set_train(False)
    fast.set_train(False)
    assert_close(fast(x).asnumpy(), native(x).asnumpy(), "inference forward")


@pytest.mark.parametrize("native", [
    nn.Conv2d(4, 4, 3, group=2, pad_mode="pad", padding=1),
    nn.Conv2d(4, 4, 3, dilation=2, pad_mode="pad", padding=2),
    nn.Conv2dTranspose(4, 4, 1, 2, pad_mode="same"),
    nn.Conv2dTranspose(4, 4, 3, 2, pad_mode="pad", padding=1, output_padding=1),
    nn.LeakyReLU(1.5),
    nn.BatchNorm2d(4),
], ids=["grouped", "dilated", "same_kernel_below_stride", "output_padding", "leaky_slope_above_one", "batch_norm"])
def test_unsupported_configurations_stay_native(native):
    assert fast_cell_for(native) is None


class TinyGenerator(nn.Cell):
    """Conv-transpose / norm / activation stack with both attribute and SequentialCell children."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2dTranspose(6, 8, 4, 1, pad_mode="valid")
        self.body = nn.SequentialCell(
            nn.SequentialCell(nn.GroupNorm(1, 8), nn.LeakyReLU(0.2)),
            nn.Conv2dTranspose(8, 4, 4, 2, pad_mode="pad", padding=1),
            nn.BatchNorm2d(4),
            nn.ReLU(),
            nn.Conv2d(4, 3, 3, 1, pad_mode="pad", padding=1, has_bias=True))

    def construct(self, x):
        return self.body(self.stem(x))


def _snapshot(net):
    return {p.name: p.asnumpy().copy() for p in net.get_parameters()}


def test_apply_swaps_in_place_and_keeps_parameters():
    net = TinyGenerator()
    net.update_parameters_name("generator.")
    params_before = {p.name: p for p in net.get_parameters()}
    x = Tensor(np.random.default_rng(2).standard_normal((2, 6, 1, 1)).astype(np.float32))
    expected = net(x).asnumpy()

    assert apply_cpu_fast_path(net) == 6
    assert isinstance(net.stem, KernelConv2dTranspose)
    assert isinstance(net.body[0][0], KernelGroupNorm) and isinstance(net.body[0][1], KernelLeakyReLU)
    assert isinstance(net.body[1], KernelConv2dTranspose) and isinstance(net.body[4], KernelConv2d)
    assert isinstance(net.body[2], KernelBatchNorm2d)
    params_after = {p.name: p for p in net.get_parameters()}
    assert params_after.keys() == params_before.keys()
    assert all(params_after[name] is params_before[name] for name in params_before)
    assert_close(net(x).asnumpy(), expected, "network forward")
    assert apply_cpu_fast_path(net) == 0

    assert restore_native_cells(net) == 6 and replace_cells(net, (nn.GroupNorm,)) == 1  # the export's swap
    assert isinstance(net.body[0][0], FastGroupNorm) and isinstance(net.stem, nn.Conv2dTranspose)
    assert_close(net(x).asnumpy(), expected, "network with the exportable GroupNorm")


def test_apply_without_kernels_uses_the_matmul_cells_and_native_group_norm():
    net = TinyGenerator()
    assert apply_cpu_fast_path(net, kernels=False) == 4
    assert isinstance(net.stem, FastConv2dTranspose) and isinstance(net.body[4], FastConv2d)
    assert isinstance(net.body[0][0], nn.GroupNorm)


def test_checkpoints_are_interchangeable_and_restore_gives_native_cells(tmp_path):
    rng = np.random.default_rng(3)
    trained = TinyGenerator()
    apply_cpu_fast_path(trained)
    for param in trained.trainable_params():  # stand-in for training: new values everywhere
        param.set_data(Tensor(rng.standard_normal(param.shape).astype(np.float32)))
    x = Tensor(rng.standard_normal((2, 6, 1, 1)).astype(np.float32))
    expected = trained(x).asnumpy()

    path = str(tmp_path / "fast.ckpt")
    ms.save_checkpoint(trained, path)
    native = TinyGenerator()
    assert not ms.load_param_into_net(native, ms.load_checkpoint(path))[0]
    assert_close(native(x).asnumpy(), expected, "native net with the fast net's checkpoint")

    assert restore_native_cells(trained) == 6
    assert isinstance(trained.stem, nn.Conv2dTranspose) and isinstance(trained.body[4], nn.Conv2d)
    assert _snapshot(trained).keys() == _snapshot(native).keys()
    assert_close(trained(x).asnumpy(), expected, "restored native cells")
    ms.export(trained, x, file_name=str(tmp_path / "restored"), file_format="MINDIR")
    assert (tmp_path / "restored.mindir").stat().st_size > 0


def test_without_the_kernels_the_fast_path_warns_and_uses_matmul_cells(tmp_path):
    script = (
        "import warnings, mindspore as ms\n"
        "from mindspore import nn\n"
        "from utils.zoo_common.ms_fast_layers import apply_cpu_fast_path, FastConv2d\n"
        "net = nn.SequentialCell(nn.Conv2d(1, 2, 3), nn.GroupNorm(1, 2))\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    assert apply_cpu_fast_path(net) == 1\n"
        "assert isinstance(net[0], FastConv2d) and isinstance(net[1], nn.GroupNorm)\n"
        "print(caught[0].message)\n")
    env = dict(os.environ, ZOO_ONEDNN_INCLUDE=str(tmp_path / "absent"), ZOO_KERNEL_BUILD_DIR=str(tmp_path / "b"))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                            cwd=ZOO_ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"oneDNN headers not found in {tmp_path / 'absent'}" in result.stdout
    assert not (tmp_path / "b").exists()
