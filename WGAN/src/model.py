"""WGAN networks: the DCGAN-style critic and generators of specs/WGAN.md §2 (64×64 by default).

Each network is one SequentialCell ``main``, so parameter names are the reference's checkpoint keys
(``main.<idx>.weight``, ``main.<idx>.gamma|beta|moving_mean|moving_variance``). Convolutions have no bias and
explicit padding. ``n_extra_layers`` adds 3×3 conv (+BN) + activation layers: in G after the pyramid (at
image_size/2), in D before it.

- ``Generator``: noise (N, nz, 1, 1) → images (N, nc, S, S) in [-1, 1]; ``batch_norm=False`` is the
  reference's ``DcgannobnG`` (``--noBN True``): every BatchNorm removed. The two variants' checkpoints differ.
- ``Critic``: images → one unbounded score per image (N,) (no sigmoid). The reference's critic returned the
  batch mean; the losses (cell.py) take that mean. BatchNorm in both variants.
"""
import numpy as np
from mindspore import nn

from utils.zoo_common.ms_init import init_dcgan_weights

NOISE_DIM = 100
IMAGE_SIZE = 64
IMAGE_CHANNELS = 3
LEAKY_SLOPE = 0.2
INIT_STD = 0.02


def _conv(in_channels, out_channels, kernel, stride, padding):
    return nn.Conv2d(in_channels, out_channels, kernel, stride, pad_mode="pad", padding=padding, has_bias=False)


def _conv_t(in_channels, out_channels, kernel, stride, padding):
    return nn.Conv2dTranspose(in_channels, out_channels, kernel, stride, pad_mode="pad", padding=padding,
                              has_bias=False)


def check_geometry(image_size, n_extra_layers):
    if image_size < 16 or image_size % 16:
        raise ValueError(f"image_size must be a multiple of 16 (at least 16), got {image_size}")
    if n_extra_layers < 0:
        raise ValueError(f"n_extra_layers must be >= 0, got {n_extra_layers}")


class Generator(nn.Cell):
    """DcganG (``batch_norm=True``) or DcgannobnG: starts at ngf·S/8 channels (512 at 64 px) and halves the width
    at each upsampling."""

    def __init__(self, image_size=IMAGE_SIZE, nz=NOISE_DIM, nc=IMAGE_CHANNELS, ngf=64, n_extra_layers=0,
                 batch_norm=True):
        super().__init__()
        check_geometry(image_size, n_extra_layers)
        width, size = ngf // 2, 4
        while size != image_size:
            width, size = width * 2, size * 2

        def block(layer, channels):
            return [layer, nn.BatchNorm2d(channels), nn.ReLU()] if batch_norm else [layer, nn.ReLU()]

        layers = block(_conv_t(nz, width, 4, 1, 0), width)
        size = 4
        while size < image_size // 2:
            layers += block(_conv_t(width, width // 2, 4, 2, 1), width // 2)
            width, size = width // 2, size * 2
        for _ in range(n_extra_layers):
            layers += block(_conv(width, width, 3, 1, 1), width)
        layers += [_conv_t(width, nc, 4, 2, 1), nn.Tanh()]
        self.main = nn.SequentialCell(layers)

    def construct(self, noise):
        return self.main(noise)


class Critic(nn.Cell):
    """DcganD: starts at ndf channels, doubles at each downsampling, ends at ndf·S/8 and a 4×4 valid conv to one
    score per image."""

    def __init__(self, image_size=IMAGE_SIZE, nc=IMAGE_CHANNELS, ndf=64, n_extra_layers=0):
        super().__init__()
        check_geometry(image_size, n_extra_layers)
        layers = [_conv(nc, ndf, 4, 2, 1), nn.LeakyReLU(LEAKY_SLOPE)]
        width, size = ndf, image_size // 2
        for _ in range(n_extra_layers):
            layers += [_conv(width, width, 3, 1, 1), nn.BatchNorm2d(width), nn.LeakyReLU(LEAKY_SLOPE)]
        while size > 4:
            layers += [_conv(width, width * 2, 4, 2, 1), nn.BatchNorm2d(width * 2), nn.LeakyReLU(LEAKY_SLOPE)]
            width, size = width * 2, size // 2
        layers.append(_conv(width, 1, 4, 1, 0))
        self.main = nn.SequentialCell(layers)

    def construct(self, images):
        return self.main(images).reshape(-1)


def generator_from(description):
    """A bare Generator from a generator description (``GeneratorConfig``)."""
    return Generator(description.image_size, description.nz, description.nc, description.ngf,
                     description.n_extra_layers, not description.no_bn)


def build_networks(config):
    """(Generator, Critic) of ``config`` initialised from ``config.seed``."""
    generator = Generator(config.image_size, config.nz, config.nc, config.ngf, config.n_extra_layers,
                          not config.no_bn)
    critic = Critic(config.image_size, config.nc, config.ndf, config.n_extra_layers)
    init_dcgan_weights(np.random.default_rng([config.seed, 0]), generator, critic, std=INIT_STD)
    return generator, critic


def count_parameters(net, trainable=True):
    params = net.trainable_params() if trainable else net.get_parameters()
    return sum(int(p.size) for p in params)
