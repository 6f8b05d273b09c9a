"""PGAN's layers and networks (specs/PGAN.md §2): parameter counts, equalized-lr constants and numerics against
NumPy, pixel norm, resampling, minibatch stddev, fade-in blending, growth keeping every trained layer."""
import mindspore as ms
import numpy as np
import pytest
from mindspore import Tensor, nn

from PGAN.src.layers import (EqualizedConv2d, EqualizedDense, PixelNorm, downsample2,
                             equalized_scale, upsample2)
from PGAN.src.model import Discriminator, Generator, copy_parameters
from utils.zoo_common.ms_minibatch_stddev import MinibatchStddev

ms.set_context(mode=ms.GRAPH_MODE)
ms.set_device("CPU")
FULL_DEPTH = [512, 512, 512, 512, 256, 128]
# Spec §2.2: trainable parameters of the live nets at scales 4..128 (reference layout: no minibatch stddev).
SPEC_G = [6_563_843, 11_284_998, 16_006_153, 20_727_308, 22_498_063, 22_941_074]
SPEC_D = [6_557_185, 11_278_849, 16_000_513, 20_722_177, 22_493_441, 22_936_705]
TINY = [8, 8, 4]


def count(net, index):
    """Trainable parameters of the scale-``index`` net inside a bigger one: blocks and RGB layers ≤ index."""
    total = 0
    for param in net.trainable_params():
        parts = param.name.split(".")
        if parts[0] in ("blocks", "to_rgb", "from_rgb"):
            block = int(parts[1]) + (1 if parts[0] == "blocks" else 0)
            if block > index:
                continue
        total += param.size
    return total


class Apply(nn.Cell):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def construct(self, x):
        return self.fn(x)


@pytest.fixture(scope="module")
def full_nets():
    return Generator(FULL_DEPTH, 5, 512), Discriminator(FULL_DEPTH, 5, minibatch_stddev=False)


@pytest.mark.parametrize("index", range(6))
def test_parameter_counts_follow_the_spec(full_nets, index):
    generator, critic = full_nets
    assert count(generator, index) == SPEC_G[index]
    assert count(critic, index) == SPEC_D[index]


def test_a_net_built_at_a_scale_has_exactly_its_layers():
    generator, critic = Generator(TINY, 1, 16), Discriminator(TINY, 1, minibatch_stddev=False)
    assert count(generator, 1) == sum(p.size for p in generator.trainable_params())
    assert count(critic, 1) == sum(p.size for p in critic.trainable_params())
    # the minibatch-stddev map adds one input channel to D's 4×4 convolution: 3·3·8 weights
    with_stddev = Discriminator(TINY, 1, minibatch_stddev=True)
    assert sum(p.size for p in with_stddev.trainable_params()) - count(critic, 1) == 72


def test_equalized_lr_constants_follow_the_spec(full_nets):
    generator, critic = full_nets
    assert generator.input_block.dense.scale == pytest.approx(0.0625)
    # blocks[j] is the block of scale index j + 1: 32 (512 in), 64 (512 in, then 256 in), 128 (256, then 128 in)
    assert [generator.blocks[j].conv1.scale for j in (2, 3, 4)] == pytest.approx([0.020833, 0.020833, 0.029463], abs=1e-6)
    assert [generator.blocks[j].conv2.scale for j in (3, 4)] == pytest.approx([0.029463, 0.041667], abs=1e-6)
    assert generator.blocks[4].conv2.scale == pytest.approx(equalized_scale(128 * 9))
    assert [generator.to_rgb[j].scale for j in (3, 4, 5)] == pytest.approx([0.0625, 0.088388, 0.125], abs=1e-6)
    assert critic.from_rgb[0].scale == pytest.approx(0.816497, abs=1e-6)
    assert critic.output_block.dense.scale == pytest.approx(0.015625)
    assert critic.output_block.decision.scale == pytest.approx(0.0625)
    weights = generator.blocks[0].conv1.conv.weight.asnumpy()
    assert abs(weights.mean()) < 0.01 and abs(weights.std() - 1) < 0.01   # N(0, 1) at construction
    assert not generator.blocks[0].conv1.bias.asnumpy().any()


def numpy_conv(x, w, pad):
    x = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    n, _, h, wd = x.shape
    k = w.shape[2]
    out = np.zeros((n, w.shape[0], h - k + 1, wd - k + 1))
    for i in range(k):
        for j in range(k):
            out += np.einsum("nchw,oc->nohw", x[:, :, i:i + h - k + 1, j:j + wd - k + 1], w[:, :, i, j])
    return out


def test_equalized_conv_and_dense_match_numpy():
    rng = np.random.default_rng(3)
    conv = EqualizedConv2d(16, 8, 3, rng)
    conv.bias.set_data(Tensor(rng.standard_normal(8).astype(np.float32)))
    x = rng.standard_normal((2, 16, 5, 5)).astype(np.float32)
    want = numpy_conv(x, conv.conv.weight.asnumpy() * np.sqrt(2 / 144), 1) + conv.bias.asnumpy().reshape(1, -1, 1, 1)
    np.testing.assert_allclose(conv(Tensor(x)).asnumpy(), want, atol=1e-5)
    dense = EqualizedDense(32, 16, rng)
    dense.bias.set_data(Tensor(rng.standard_normal(16).astype(np.float32)))
    v = rng.standard_normal((3, 32)).astype(np.float32)
    want = v @ (dense.weight.asnumpy() * np.sqrt(2 / 32)).T + dense.bias.asnumpy()
    np.testing.assert_allclose(dense(Tensor(v)).asnumpy(), want, atol=1e-5)


def max_pool(x):
    return downsample2(x, "max")


def test_pixel_norm_resampling_and_stddev_match_numpy():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((8, 5, 4, 6)).astype(np.float32)
    np.testing.assert_allclose(PixelNorm()(Tensor(x)).asnumpy(),
                               x / np.sqrt((x ** 2).mean(axis=1, keepdims=True) + 1e-8), rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(Apply(upsample2)(Tensor(x)).asnumpy(), x.repeat(2, axis=2).repeat(2, axis=3))
    blocks = x.reshape(8, 5, 2, 2, 3, 2)
    np.testing.assert_allclose(Apply(downsample2)(Tensor(x)).asnumpy(), blocks.mean(axis=(3, 5)), atol=1e-6)
    np.testing.assert_array_equal(Apply(max_pool)(Tensor(x)).asnumpy(), blocks.max(axis=(3, 5)))
    groups = x.reshape(2, 4, 5, 4, 6)
    stat = np.sqrt(groups.var(axis=1) + 1e-8).mean(axis=(1, 2, 3))   # one value per group of 4
    out = MinibatchStddev(4)(Tensor(x)).asnumpy()
    np.testing.assert_array_equal(out[:, :5], x)
    np.testing.assert_allclose(out[:, 5], np.repeat(stat, 4)[:, None, None] * np.ones((8, 4, 6)), rtol=1e-5)


@pytest.fixture(scope="module")
def grown():
    """Tiny G and D at scale index 1 (8×8), then grown to index 2 (16×16) by copying parameters."""
    g1, d1 = Generator(TINY, 1, 16, seed=5), Discriminator(TINY, 1, seed=5)
    g2, d2 = Generator(TINY, 2, 16, seed=6), Discriminator(TINY, 2, seed=6)
    rng = np.random.default_rng(0)
    for net in (g1, d1):   # trained-looking values, not the initial ones
        for p in net.trainable_params():
            p.set_data(Tensor(rng.standard_normal(p.shape).astype(np.float32)))
    copied = copy_parameters(g1, g2), copy_parameters(d1, d2)
    return g1, d1, g2, d2, copied


def test_growth_keeps_every_trained_layer(grown):
    g1, d1, g2, d2, (copied_g, copied_d) = grown
    for small, big, copied in ((g1, g2, copied_g), (d1, d2, copied_d)):
        assert sorted(copied) == sorted(p.name for p in small.get_parameters())
        values = {p.name: p.asnumpy() for p in big.get_parameters()}
        for p in small.get_parameters():
            np.testing.assert_array_equal(values[p.name], p.asnumpy())
    # the critic's 4×4 block survives (the reference re-initialises it, spec §9.1)
    assert "output_block.dense.weight" in copied_d and "from_rgb.0.conv.weight" in copied_d


def test_fade_in_blends_old_and_new_paths(grown):
    g1, d1, g2, d2, _ = grown
    rng = np.random.default_rng(1)
    z = Tensor(rng.standard_normal((4, 16)).astype(np.float32))

    def alpha(value):
        return Tensor(np.full((4, 1), value, np.float32))
    old = g2(z, alpha(1.0)).asnumpy()
    new = g2(z, alpha(0.0)).asnumpy()
    assert old.shape == (4, 3, 16, 16)
    np.testing.assert_allclose(old, g1(z, alpha(0.0)).asnumpy().repeat(2, 2).repeat(2, 3), atol=1e-5)
    np.testing.assert_allclose(g2(z, alpha(0.3)).asnumpy(), 0.3 * old + 0.7 * new, atol=1e-5)
    images = rng.uniform(-1, 1, (4, 3, 16, 16)).astype(np.float32)
    pooled = images.reshape(4, 3, 8, 2, 8, 2).mean(axis=(3, 5))
    score = d2(Tensor(images), alpha(1.0)).asnumpy()
    assert score.shape == (4, 1)
    np.testing.assert_allclose(score, d1(Tensor(pooled), alpha(0.0)).asnumpy(), rtol=1e-4, atol=1e-4)
