"""A tanh output layer whose inference output is exact to float32 rounding on CPU.

MindSpore 2.10's CPU Tanh kernel approximates tanh: its error reaches 1.0e-4 for 3 <= |x| < 8, and it returns
values beyond ±1 (tanh(-5.0) gives -1.0000098 instead of -0.9999092). A trained generator drives many pixels
into that range (a black background is tanh ≈ -1), so its images differ from ONNX Runtime's, OpenVINO's and
float64's by 1e-4 while everything before the tanh agrees to ~1e-6 (tests/utils/test_ms_tanh.py).

``Tanh`` computes tanh in float64 on CPU when the network is not training (evaluation, sample grids, export,
whose graph then reads Cast → Tanh → Cast), and with the native kernel otherwise: in training the output only
feeds the discriminator, where an error of 1e-4 does not matter and float64 would cost time every step. On
GPU and Ascend it is the native Tanh.
"""
import mindspore as ms
from mindspore import nn, ops


class Tanh(nn.Cell):
    def __init__(self, exact=None):
        """``exact``: compute in float64 when not training; default: when the device target is CPU."""
        super().__init__()
        self.exact = ms.get_context("device_target") == "CPU" if exact is None else bool(exact)
        self.tanh = nn.Tanh()

    def construct(self, x):
        if self.exact and not self.training:
            return ops.cast(ops.tanh(ops.cast(x, ms.float64)), x.dtype)
        return self.tanh(x)
