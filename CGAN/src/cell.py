"""CGAN losses and one-optimizer training steps (specs/CGAN.md §4.3, on logits instead of probabilities).

D loss = ½·[BCE(D(G(z,y),y), 0) + BCE(D(x,y), 1)]; G loss = BCE(D(G(z,y),y), 1) (non-saturating).
Both use BCE-with-logits, the numerically stable form of the reference's BCE on sigmoid outputs.
"""
from mindspore import nn, ops

from utils.zoo_common.ms_train_step import TrainStep, adam  # noqa: F401  (CGAN's steps)


class DiscriminatorLoss(nn.Cell):
    def __init__(self, generator, discriminator):
        super().__init__(auto_prefix=False)
        self.generator, self.discriminator = generator, discriminator
        self.bce = nn.BCEWithLogitsLoss()

    def construct(self, images, labels, noise):
        fakes = ops.stop_gradient(self.generator(noise, labels))
        fake_logits = self.discriminator(fakes, labels)
        real_logits = self.discriminator(images, labels)
        return 0.5 * (self.bce(fake_logits, ops.zeros_like(fake_logits))
                      + self.bce(real_logits, ops.ones_like(real_logits)))


class GeneratorLoss(nn.Cell):
    def __init__(self, generator, discriminator):
        super().__init__(auto_prefix=False)
        self.generator, self.discriminator = generator, discriminator
        self.bce = nn.BCEWithLogitsLoss()

    def construct(self, labels, noise):
        logits = self.discriminator(self.generator(noise, labels), labels)
        return self.bce(logits, ops.ones_like(logits))
