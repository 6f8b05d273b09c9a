"""utils/zoo_common/ms_tanh.Tanh: exact tanh in CPU inference, the native kernel in training; the defect it
works around."""
import mindspore as ms
import numpy as np
from mindspore import Tensor, nn

from utils.zoo_common.ms_tanh import Tanh

ms.set_context(mode=ms.GRAPH_MODE)
ms.set_device("CPU")
X = np.linspace(-12.0, 12.0, 24001).astype(np.float32)  # 1e-3 apart
EXACT = np.tanh(X.astype(np.float64))


class ScaledSum(nn.Cell):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def construct(self, x):
        return (self.net(x) * 3.0).sum()


def test_mindspore_cpu_tanh_is_off_by_1e4_and_leaves_the_unit_interval():
    """The reason for the cell: if a MindSpore upgrade fixes its kernel, this fails and Tanh can go."""
    native = nn.Tanh()(Tensor(X)).asnumpy()
    middle = (np.abs(X) >= 3) & (np.abs(X) < 8)
    assert np.abs(native - EXACT)[middle].max() > 5e-5
    assert native.min() < -1.0


def test_inference_is_exact_within_float32_rounding_and_bounded():
    cell = Tanh()
    cell.set_train(False)
    assert cell.exact  # the device target is CPU
    out = cell(Tensor(X.reshape(1, 1, 1, -1))).asnumpy().ravel()
    assert out.dtype == np.float32
    assert np.abs(out - EXACT).max() <= 1e-7
    assert out.min() >= -1.0 and out.max() <= 1.0


def test_training_uses_the_native_kernel_and_gradients_are_tanh_prime():
    cell, native = Tanh(), nn.Tanh()
    cell.set_train(True)
    np.testing.assert_array_equal(cell(Tensor(X)).asnumpy(), native(Tensor(X)).asnumpy())
    x = np.random.default_rng(0).normal(0.0, 2.0, (4, 3, 8, 8)).astype(np.float32)
    for training in (True, False):
        cell.set_train(training)
        grad = ms.grad(ScaledSum(cell))(Tensor(x)).asnumpy()
        np.testing.assert_allclose(grad, 3.0 * (1.0 - np.tanh(x.astype(np.float64)) ** 2), atol=1e-3 if training else 1e-6)


def test_exact_false_is_the_native_kernel_in_inference_too():
    cell = Tanh(exact=False)
    cell.set_train(False)
    np.testing.assert_array_equal(cell(Tensor(X)).asnumpy(), nn.Tanh()(Tensor(X)).asnumpy())
