"""utils/zoo_common/ms_minibatch_stddev against a NumPy reference of Karras et al. 2018, §3."""
import numpy as np
import pytest


def reference(x, group):
    n = len(x)
    size = n if n % min(n, group) else min(n, group)
    out = np.empty((n, 1) + x.shape[2:], np.float64)
    for start in range(0, n, size):
        block = x[start:start + size].astype(np.float64)
        spread = np.sqrt(block.var(axis=0) + 1e-8).mean()
        out[start:start + size] = spread
    return np.concatenate([x, out], axis=1)


@pytest.mark.parametrize("batch, group", [(8, 4), (6, 4), (3, 4), (5, 1)])
def test_the_appended_map_is_the_group_spread_of_every_feature(batch, group):
    from mindspore import Tensor
    from utils.zoo_common.ms_minibatch_stddev import MinibatchStddev
    x = np.random.default_rng(batch).standard_normal((batch, 3, 4, 4)).astype(np.float32)
    x[:batch // 2] *= 3.0   # groups of different spread get different maps
    out = MinibatchStddev(group)(Tensor(x)).asnumpy()
    assert out.shape == (batch, 4, 4, 4)
    np.testing.assert_allclose(out, reference(x, group), rtol=1e-5, atol=1e-6)


def test_a_group_size_below_one_is_refused():
    from utils.zoo_common.ms_minibatch_stddev import MinibatchStddev
    with pytest.raises(ValueError, match="group size must be >= 1, got 0"):
        MinibatchStddev(0)
