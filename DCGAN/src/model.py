"""DCGAN networks at 32×32 RGB (specs/DCGAN.md §2).

Parameter names follow the reference: ``generator.<i>.*`` and ``discriminator.<i>.*``, the indices of its
SequentialCells (D: 0 conv1, 1 LeakyReLU, 2 conv2, 3 BN, 4 LeakyReLU, 5 conv3, 6 BN, 7 LeakyReLU, 8 conv4).
Widths are ``ngf``·(8, 4, 2) in G and ``ndf``·(2, 4, 8) in D; the reference's ngf = ndf = 64.
The discriminator returns logits; ``Discriminator.probability`` applies the reference's sigmoid.
"""
import numpy as np
from mindspore import nn, ops

from utils.zoo_common.ms_init import init_dcgan_weights
from utils.zoo_common.ms_tanh import Tanh

NOISE_DIM = 100
IMAGE_SIZE = 32
IMAGE_CHANNELS = 3
LEAKY_SLOPE = 0.2
INIT_STD = 0.02


def _conv_t(in_channels, out_channels, stride, padding):
    return nn.Conv2dTranspose(in_channels, out_channels, 4, stride, pad_mode="pad", padding=padding,
                              has_bias=False)


def _conv(in_channels, out_channels, stride, padding):
    return nn.Conv2d(in_channels, out_channels, 4, stride, pad_mode="pad", padding=padding, has_bias=False)


class Generator(nn.Cell):
    """noise (N,100,1,1) float32 → images (N,3,32,32) in [-1, 1]."""

    def __init__(self, ngf=64, noise_dim=NOISE_DIM):
        super().__init__()
        widths = [noise_dim, ngf * 8, ngf * 4, ngf * 2]
        layers = []
        for index in range(3):
            stride, padding = (1, 0) if index == 0 else (2, 1)
            layers += [_conv_t(widths[index], widths[index + 1], stride, padding),
                       nn.BatchNorm2d(widths[index + 1]), nn.ReLU()]
        layers += [_conv_t(ngf * 2, IMAGE_CHANNELS, 2, 1), Tanh()]  # float64 in CPU inference: see ms_tanh
        self.generator = nn.SequentialCell(layers)

    def construct(self, noise):
        return self.generator(noise)


class Discriminator(nn.Cell):
    """images (N,3,32,32) in [-1, 1] → real/fake logits (N,1,1,1)."""

    def __init__(self, ndf=64):
        super().__init__()
        widths = [IMAGE_CHANNELS, ndf * 2, ndf * 4, ndf * 8]
        layers = [_conv(widths[0], widths[1], 2, 1), nn.LeakyReLU(LEAKY_SLOPE)]
        for index in (1, 2):
            layers += [_conv(widths[index], widths[index + 1], 2, 1), nn.BatchNorm2d(widths[index + 1]),
                       nn.LeakyReLU(LEAKY_SLOPE)]
        layers.append(_conv(ndf * 8, 1, 1, 0))
        self.discriminator = nn.SequentialCell(layers)
        self.pool4 = nn.MaxPool2d(4, 4)
        self.pool2 = nn.MaxPool2d(2, 2)

    def construct(self, images):
        return self.discriminator(images)

    def probability(self, images):
        return ops.sigmoid(self(images))

    def features(self, images):
        """The transfer-learning features (specs/DCGAN.md §5.2): conv1 before its activation max-pooled
        4×4, conv2 before BN max-pooled 2×2, conv3 before BN; (N, 14·ndf·16) in (C, H, W) order."""
        layers = self.discriminator
        conv1 = layers[0](images)
        conv2 = layers[2](layers[1](conv1))
        conv3 = layers[5](layers[4](layers[3](conv2)))
        stacked = ops.concat((self.pool4(conv1), self.pool2(conv2), conv3), 1)
        return stacked.reshape(stacked.shape[0], -1)


class DiscriminatorFeatures(nn.Cell):
    """``Discriminator.features`` as a network of its own (the ``--net D_features`` export): images
    (N,3,32,32) → (N, 14336) at the reference width, one row per image."""

    def __init__(self, discriminator):
        super().__init__(auto_prefix=False)
        self.network = discriminator

    def construct(self, images):
        return self.network.features(images)


def feature_size(ndf=64):
    return (2 + 4 + 8) * ndf * 4 * 4


def build_networks(seed, ngf=64, ndf=64):
    """(Generator, Discriminator) initialised from ``seed``."""
    generator, discriminator = Generator(ngf), Discriminator(ndf)
    init_dcgan_weights(np.random.default_rng([seed, 0]), generator, discriminator, std=INIT_STD)
    return generator, discriminator


def count_parameters(net):
    return sum(int(p.size) for p in net.trainable_params())
