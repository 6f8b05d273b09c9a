"""The minibatch standard-deviation feature map of Karras et al. 2018 (§3), as a MindSpore cell."""
from mindspore import nn, ops

STDDEV_EPSILON = 1e-8


class MinibatchStddev(nn.Cell):
    """Appends one feature map: the standard deviation of each feature over a group of ``group_size``
    consecutive samples (the whole batch when the batch does not divide into groups), averaged over C, H, W
    and broadcast to every sample of the group. (N, C, H, W) → (N, C + 1, H, W)."""

    def __init__(self, group_size=4):
        super().__init__()
        if group_size < 1:
            raise ValueError(f"minibatch stddev group size must be >= 1, got {group_size}")
        self.group_size = group_size

    def construct(self, x):
        n, c, h, w = x.shape
        size = min(n, self.group_size)
        if n % size:
            size = n
        y = x.reshape((n // size, size, c, h, w))
        y = y - y.mean(axis=1, keep_dims=True)
        y = ops.sqrt((y * y).mean(axis=1) + STDDEV_EPSILON)     # (groups, C, H, W)
        y = y.mean(axis=(1, 2, 3)).reshape((n // size, 1, 1, 1, 1))
        y = ops.broadcast_to(y, (n // size, size, 1, h, w)).reshape((n, 1, h, w))
        return ops.concat((x, y.astype(x.dtype)), 1)
