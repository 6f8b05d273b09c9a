"""PGAN's generator and critic at one scale of the progression (specs/PGAN.md §2.2–2.4, with §9's fixes).

A network is built for a scale index k (scale ``4·2^k``) from the config's ``depth`` list and holds every
layer of scales 0..k under stable names, so growing is "build the next scale, copy every parameter of the
previous one by name" (``grow``): all trained layers survive, the critic's 4×4 block included (spec §9.1).

Generator, with C_j = depth[j]:
  block 0: pixel norm(z) → EqDense(latent → 16·C_0) → LReLU → reshape (C_0, 4, 4) → PN → EqConv3 → LReLU → PN
  block j: up×2 → EqConv3(C_{j−1} → C_j) → LReLU → PN → EqConv3(C_j → C_j) → LReLU → PN
  to_rgb.j: EqConv1(C_j → 3), linear at every scale (§9.3, §9.22)
  output at k > 0: alpha·up×2(to_rgb.{k−1}(h_{k−1})) + (1 − alpha)·to_rgb.k(h_k); alpha weights the old path
  (the reference's convention, spec §4.4); at k = 0 to_rgb.0(h_0), alpha unused.
Critic:
  from_rgb.j: EqConv1(3 → C_j) → LReLU
  block j > 0: EqConv3(C_j → C_j) → LReLU → EqConv3(C_j → C_{j−1}) → LReLU → 2×2 pool (avg or max)
  fade at k > 0: alpha·from_rgb.{k−1}(pool(image)) + (1 − alpha)·block k(from_rgb.k(image))
  block 0: [minibatch stddev, +1 map] → EqConv3(C_0 (+1) → C_0) → LReLU → flatten → EqDense(16·C_0 → C_0)
           → LReLU → EqDense(C_0 → 1)
"""
import numpy as np
from mindspore import nn, ops

from utils.zoo_common.ms_minibatch_stddev import MinibatchStddev

from .layers import EqualizedConv2d, EqualizedDense, PixelNorm, downsample2, leaky_relu, upsample2

IMAGE_CHANNELS = 3


def scale_of(index):
    return 4 * 2 ** index


def _rng(seed, network, block):
    """Initial weights of one block: a function of (seed, network, block) only, so a block's initial values do
    not depend on when it was grown."""
    return np.random.default_rng([seed, network, block])


class GeneratorBlock(nn.Cell):
    def __init__(self, in_channels, out_channels, rng):
        super().__init__()
        self.conv1 = EqualizedConv2d(in_channels, out_channels, 3, rng)
        self.conv2 = EqualizedConv2d(out_channels, out_channels, 3, rng)
        self.norm = PixelNorm()

    def construct(self, x):
        x = self.norm(leaky_relu(self.conv1(upsample2(x))))
        return self.norm(leaky_relu(self.conv2(x)))


class GeneratorInput(nn.Cell):
    def __init__(self, latent_dim, channels, rng):
        super().__init__()
        self.channels = channels
        self.dense = EqualizedDense(latent_dim, 16 * channels, rng)
        self.conv = EqualizedConv2d(channels, channels, 3, rng)
        self.norm = PixelNorm()

    def construct(self, z):
        x = leaky_relu(self.dense(self.norm(z)))
        x = self.norm(x.reshape((x.shape[0], self.channels, 4, 4)))
        return self.norm(leaky_relu(self.conv(x)))


class Generator(nn.Cell):
    """z (N, latent_dim), alpha (N, 1) → image (N, 3, s, s), s = 4·2^scale_index, unbounded (consumers clip)."""

    def __init__(self, depth, scale_index, latent_dim=512, seed=0):
        super().__init__()
        self.scale_index, self.depth, self.latent_dim = scale_index, tuple(depth[:scale_index + 1]), latent_dim
        self.input_block = GeneratorInput(latent_dim, depth[0], _rng(seed, 0, 0))
        self.blocks = nn.CellList([GeneratorBlock(depth[j - 1], depth[j], _rng(seed, 0, j))
                                   for j in range(1, scale_index + 1)])
        self.to_rgb = nn.CellList([EqualizedConv2d(depth[j], IMAGE_CHANNELS, 1, _rng(seed, 2, j))
                                   for j in range(scale_index + 1)])

    def construct(self, noise, alpha):
        x = self.input_block(noise)
        previous = x
        for block in self.blocks:
            previous = x
            x = block(x)
        if self.scale_index == 0:
            return self.to_rgb[0](x)
        old = upsample2(self.to_rgb[self.scale_index - 1](previous))
        new = self.to_rgb[self.scale_index](x)
        alpha = alpha.reshape((-1, 1, 1, 1))
        return alpha * old + (1 - alpha) * new


class NoiseOnly(nn.Cell):
    """The 4×4 generator as exported: noise is its only input (no alpha to leave dangling)."""

    def __init__(self, generator):
        super().__init__(auto_prefix=False)
        self.generator = generator
        self.zero = ops.zeros((1, 1), generator.to_rgb[0].bias.dtype)

    def construct(self, noise):
        return self.generator(noise, self.zero)


class CriticBlock(nn.Cell):
    def __init__(self, in_channels, out_channels, downsample, rng):
        super().__init__()
        self.conv1 = EqualizedConv2d(in_channels, in_channels, 3, rng)
        self.conv2 = EqualizedConv2d(in_channels, out_channels, 3, rng)
        self.downsample = downsample

    def construct(self, x):
        x = leaky_relu(self.conv2(leaky_relu(self.conv1(x))))
        return downsample2(x, self.downsample)


class CriticOutput(nn.Cell):
    def __init__(self, channels, minibatch_stddev, rng):
        super().__init__()
        self.stddev = MinibatchStddev() if minibatch_stddev else None
        self.conv = EqualizedConv2d(channels + (1 if minibatch_stddev else 0), channels, 3, rng)
        self.dense = EqualizedDense(16 * channels, channels, rng)
        self.decision = EqualizedDense(channels, 1, rng)

    def construct(self, x):
        if self.stddev is not None:
            x = self.stddev(x)
        x = leaky_relu(self.conv(x))
        x = leaky_relu(self.dense(x.reshape((x.shape[0], -1))))
        return self.decision(x)


class Discriminator(nn.Cell):
    """image (N, 3, s, s), alpha (N, 1) → score (N, 1)."""

    def __init__(self, depth, scale_index, minibatch_stddev=True, downsample="avg", seed=0):
        super().__init__()
        self.scale_index, self.downsample = scale_index, downsample
        self.from_rgb = nn.CellList([EqualizedConv2d(IMAGE_CHANNELS, depth[j], 1, _rng(seed, 3, j))
                                     for j in range(scale_index + 1)])
        self.blocks = nn.CellList([CriticBlock(depth[j], depth[j - 1], downsample, _rng(seed, 1, j))
                                   for j in range(1, scale_index + 1)])
        self.output_block = CriticOutput(depth[0], minibatch_stddev, _rng(seed, 1, 0))

    def construct(self, image, alpha):
        k = self.scale_index
        x = leaky_relu(self.from_rgb[k](image))
        if k > 0:
            x = self.blocks[k - 1](x)
            old = leaky_relu(self.from_rgb[k - 1](downsample2(image, self.downsample)))
            alpha = alpha.reshape((-1, 1, 1, 1))
            x = alpha * old + (1 - alpha) * x
            for j in range(k - 2, -1, -1):
                x = self.blocks[j](x)
        return self.output_block(x)


def build_networks(config, scale_index, seed=None):
    seed = config.seed if seed is None else seed
    return (Generator(config.depth, scale_index, config.latent_dim, seed),
            Discriminator(config.depth, scale_index, config.minibatch_stddev, config.downsample, seed))


def copy_parameters(source, target, prefix=""):
    """Copy every parameter of ``source`` into the parameter of the same name (after ``prefix``) of
    ``target``; returns the names copied. Every source parameter must exist in ``target`` with its shape."""
    targets = {p.name[len(prefix):] if p.name.startswith(prefix) else p.name: p for p in target.get_parameters()}
    copied = []
    for param in source.get_parameters():
        name = param.name[len(prefix):] if param.name.startswith(prefix) else param.name
        if name not in targets or tuple(targets[name].shape) != tuple(param.shape):
            raise ValueError(f"cannot grow: {name} {tuple(param.shape)} has no counterpart in the next scale")
        targets[name].set_data(param.data.copy())
        copied.append(name)
    return copied
