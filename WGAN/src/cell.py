"""WGAN losses, optimizers and the clipped critic step (specs/WGAN.md §4.3–4.5).

With f(x) the critic's mean score over a batch:
- critic loss, minimised: L_D = f(real) − f(G(z)); −L_D is the Wasserstein estimate (the reference's sign
  convention: the critic learns to score real images lower);
- generator loss, minimised: L_G = f(G(z)).

BatchNorm of the critic: a documented choice, not an accident (spec §9.5). The critic runs in training mode
in both steps, as in the reference and the original code: its BatchNorm normalises every batch by that
batch's statistics, real and fake batches separately (separate calls), and its running statistics are never
used (the critic is never run in inference mode). G's BatchNorm is trained the same way in both steps.

Clipping (spec §9.3): ``ClippedTrainStep`` clamps every trainable critic parameter (conv weights, BN γ and β;
not the running statistics) to [clamp_lower, clamp_upper] right after the optimizer update, in the same
graph: the clamp reads the parameters through the update's result, so the order is a data dependency. The
trainer also clips once after initialisation, so every critic forward sees clipped weights, as in the
original code (which clipped before each forward).
"""
from mindspore import nn, ops

from utils.zoo_common.ms_train_step import TrainStep, adam

RMSPROP_DECAY, RMSPROP_EPSILON = 0.99, 1e-10
ADAM_BETA2 = 0.999


class _WassersteinLoss(nn.Cell):
    def __init__(self, generator, critic):
        super().__init__(auto_prefix=False)
        self.generator, self.critic = generator, critic


class CriticLoss(_WassersteinLoss):
    def construct(self, images, noise):
        fakes = ops.stop_gradient(self.generator(noise))
        return self.critic(images).mean() - self.critic(fakes).mean()


class GeneratorLoss(_WassersteinLoss):
    def construct(self, noise):
        return self.critic(self.generator(noise)).mean()


class ClippedTrainStep(TrainStep):
    """One critic update, then every updated parameter clamped to [lower, upper]; returns the loss before
    the update."""

    def __init__(self, loss_net, optimizer, lower, upper):
        super().__init__(loss_net, optimizer)
        self.lower, self.upper = float(lower), float(upper)
        self.weights = optimizer.parameters

    def construct(self, *inputs):
        loss, grads = self.grad_fn(*inputs)
        updated = self.optimizer(self.reducer(grads))
        return ops.depend(loss, self.clip(updated))

    def clip(self, updated):
        clipped = ()
        for weight in self.weights:
            clipped += (ops.assign(weight, ops.clamp(ops.depend(weight, updated), self.lower, self.upper)),)
        return clipped


def rmsprop(params, lr):
    """The reference's RMSProp (MindSpore's): s ← 0.99·s + 0.01·g², w ← w − lr·g/√(s + 1e-10), s starting at 1."""
    return nn.RMSProp(params, learning_rate=lr, decay=RMSPROP_DECAY, momentum=0.0, epsilon=RMSPROP_EPSILON,
                      centered=False)


def optimizer_factory(config):
    """make_optimizer(which, params) for gan_train_steps: RMSProp (default) or, with ``adam``, Adam(β1, 0.999)."""
    rates = {"G": config.lr_g, "D": config.lr_d}

    def make_optimizer(which, params):
        if config.adam:
            return adam(params, rates[which], config.beta1, ADAM_BETA2)
        return rmsprop(params, rates[which])
    return make_optimizer


def clipped_step_factory(config):
    return lambda loss_net, optimizer: ClippedTrainStep(loss_net, optimizer, config.clamp_lower, config.clamp_upper)
