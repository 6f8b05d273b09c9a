"""CGAN networks (specs/CGAN.md §2): label-embedding conditioned conv nets on 32×32 MNIST.

Parameter names match the ModelZoo checkpoints: ``embed.embedding_table``, ``net.{0,1,2}.0.weight``
(convolutions), ``net.{0,1,2}.1.gamma|beta`` (GroupNorm), ``net.3.weight`` (output convolution).
The discriminator returns logits; ``Discriminator.probability`` applies the sigmoid of the reference.
"""
import mindspore as ms
from mindspore import nn, ops
from mindspore.common.initializer import HeUniform, Normal

from utils.zoo_common.ms_minibatch_stddev import MinibatchStddev

NOISE_DIM = 100
NUM_CLASSES = 10
IMAGE_SIZE = 32
IMAGE_CHANNELS = 1
NORM_MODES = ("group", "instance", "batch")


def _norm(mode, channels):
    if mode == "group":
        return nn.GroupNorm(1, channels, eps=1e-5)
    if mode == "instance":
        return nn.InstanceNorm2d(channels, affine=True)
    if mode == "batch":
        return nn.BatchNorm2d(channels)
    raise ValueError(f"norm_mode must be one of {NORM_MODES}, got {mode!r}")


def _conv_init(init_gain):
    # The reference passes its "gain" as HeUniform's negative slope (fan_in, leaky_relu).
    return HeUniform(negative_slope=init_gain)


class Generator(nn.Cell):
    """(noise (N,100) float32, labels (N,) int32) → images (N,1,32,32) in [0,1]."""

    def __init__(self, noise_dim=NOISE_DIM, num_classes=NUM_CLASSES, embed_size=100, features=64,
                 norm_mode="group", init_gain=0.02, embed_init_std=0.01):
        super().__init__()
        self.embed = nn.Embedding(num_classes, embed_size, embedding_table=Normal(embed_init_std))
        widths = [noise_dim + embed_size, features * 4, features * 2, features]
        blocks = []
        for index in range(3):
            stride, padding = (1, 0) if index == 0 else (2, 1)
            blocks.append(nn.SequentialCell(
                nn.Conv2dTranspose(widths[index], widths[index + 1], 4, stride,
                                   pad_mode="valid" if padding == 0 else "pad", padding=padding,
                                   has_bias=False, weight_init=_conv_init(init_gain)),
                _norm(norm_mode, widths[index + 1]),
                nn.ReLU()))
        blocks.append(nn.Conv2dTranspose(features, IMAGE_CHANNELS, 4, 2, pad_mode="pad", padding=1,
                                         has_bias=False, weight_init=_conv_init(init_gain)))
        self.net = nn.SequentialCell(blocks)
        self.sigmoid = nn.Sigmoid()

    def construct(self, noise, labels):
        code = ops.concat((noise, self.embed(labels)), 1)
        return self.sigmoid(self.net(code.reshape(code.shape[0], code.shape[1], 1, 1)))


class Discriminator(nn.Cell):
    """(images (N,1,32,32), labels (N,) int32) → real/fake logits (N,1,1,1).

    ``minibatch_stddev`` > 0: a minibatch standard-deviation map over groups of that many samples enters the
    output convolution (256+1 → 1); 0: none, as the reference."""

    def __init__(self, num_classes=NUM_CLASSES, features=64, norm_mode="group", init_gain=0.02,
                 embed_init_std=0.01, minibatch_stddev=0):
        super().__init__()
        self.embed = nn.Embedding(num_classes, IMAGE_SIZE * IMAGE_SIZE, embedding_table=Normal(embed_init_std))
        widths = [IMAGE_CHANNELS + 1, features, features * 2, features * 4]
        blocks = []
        for index in range(3):
            blocks.append(nn.SequentialCell(
                nn.Conv2d(widths[index], widths[index + 1], 4, 2, pad_mode="pad", padding=1,
                          has_bias=False, weight_init=_conv_init(init_gain)),
                _norm(norm_mode, widths[index + 1]),
                nn.LeakyReLU(0.2)))
        if minibatch_stddev:
            blocks.append(MinibatchStddev(minibatch_stddev))
        blocks.append(nn.Conv2d(features * 4 + (1 if minibatch_stddev else 0), 1, 4, 2, pad_mode="valid",
                                has_bias=False, weight_init=_conv_init(init_gain)))
        self.net = nn.SequentialCell(blocks)

    def construct(self, images, labels):
        plane = self.embed(labels).reshape(images.shape[0], 1, IMAGE_SIZE, IMAGE_SIZE)
        return self.net(ops.concat((images, plane), 1))

    def probability(self, images, labels):
        return ops.sigmoid(self(images, labels))


def count_parameters(net):
    return sum(int(p.size) for p in net.trainable_params())
