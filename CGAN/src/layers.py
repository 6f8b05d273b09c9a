"""GroupNorm from elementary ops: MindSpore 2.10 cannot export ``nn.GroupNorm`` to ONNX.

Same parameters (``gamma``, ``beta`` of shape (C,)) and the same maths as ``nn.GroupNorm`` (biased
variance, eps inside the square root), so checkpoints are interchangeable. Uses Sqrt + Div rather than
Rsqrt, which the ONNX exporter does not map.
"""
import mindspore as ms
from mindspore import Parameter, nn, ops
from mindspore.common.initializer import initializer


class GroupNorm(nn.Cell):
    def __init__(self, num_groups, num_channels, eps=1e-5):
        super().__init__()
        if num_channels % num_groups:
            raise ValueError(f"num_channels {num_channels} is not divisible by num_groups {num_groups}")
        self.num_groups, self.num_channels, self.eps = num_groups, num_channels, eps
        self.gamma = Parameter(initializer("ones", (num_channels,), ms.float32), name="gamma")
        self.beta = Parameter(initializer("zeros", (num_channels,), ms.float32), name="beta")

    def construct(self, x):
        batch, channels, height, width = x.shape
        grouped = x.reshape(batch, self.num_groups, -1)
        centred = grouped - grouped.mean(axis=2, keep_dims=True)
        variance = (centred * centred).mean(axis=2, keep_dims=True)
        normed = (centred / ops.sqrt(variance + self.eps)).reshape(batch, channels, height, width)
        return normed * self.gamma.reshape(1, -1, 1, 1) + self.beta.reshape(1, -1, 1, 1)
