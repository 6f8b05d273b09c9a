"""CGAN losses and one-optimizer training steps (specs/CGAN.md §4.3, on logits instead of probabilities).

D loss = ½·[BCE(D(G(z,y),y), 0) + BCE(D(x,y), 1)]; G loss = BCE(D(G(z,y),y), 1) (non-saturating).
Both use BCE-with-logits, the numerically stable form of the reference's BCE on sigmoid outputs.
"""
from mindspore import ops

from utils.zoo_common.ms_gan_loss import VerdictLoss
from utils.zoo_common.ms_train_step import TrainStep, adam  # noqa: F401  (CGAN's steps)


class DiscriminatorLoss(VerdictLoss):
    def construct(self, images, labels, noise):
        fakes = ops.stop_gradient(self.generator(noise, labels))
        return 0.5 * (self.verdict(self.discriminator(fakes, labels), False)
                      + self.verdict(self.discriminator(images, labels), True))


class GeneratorLoss(VerdictLoss):
    def construct(self, labels, noise):
        return self.verdict(self.discriminator(self.generator(noise, labels), labels), True)
