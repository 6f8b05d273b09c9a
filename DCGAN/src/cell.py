"""DCGAN losses (specs/DCGAN.md §4.2) on logits, through ``utils.zoo_common.ms_gan_loss.VerdictLoss``.

D loss = BCE(D(x), 1) + BCE(D(G(z)), 0), the reference's unhalved sum (so logged values compare with its
logs); G loss = BCE(D(G(z)), 1) (non-saturating). D sees the real and the fake batch in separate calls, so
BatchNorm normalises each batch by its own statistics, as in the reference. The steps themselves are
``utils.zoo_common.ms_train_step.TrainStep``.
"""
from mindspore import ops

from utils.zoo_common.ms_gan_loss import VerdictLoss


class DiscriminatorLoss(VerdictLoss):
    def construct(self, images, noise):
        fakes = ops.stop_gradient(self.generator(noise))
        return self.verdict(self.discriminator(images), True) + self.verdict(self.discriminator(fakes), False)


class GeneratorLoss(VerdictLoss):
    def construct(self, noise):
        return self.verdict(self.discriminator(self.generator(noise)), True)
