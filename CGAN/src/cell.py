"""CGAN losses and one-optimizer training steps (specs/CGAN.md §4.3, on logits instead of probabilities).

D loss = ½·[BCE(D(G(z,y),y), 0) + BCE(D(x,y), 1)]; G loss = BCE(D(G(z,y),y), 1) (non-saturating).
Both use BCE-with-logits, the numerically stable form of the reference's BCE on sigmoid outputs.
"""
import mindspore as ms
from mindspore import nn, ops


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


class TrainStep(nn.Cell):
    """One forward+backward of ``loss_net`` and one update of ``optimizer``'s parameters.

    Under data parallelism the gradients are averaged over the workers before the update.
    """

    def __init__(self, loss_net, optimizer):
        super().__init__(auto_prefix=False)
        self.loss_net, self.optimizer = loss_net, optimizer
        self.grad_fn = ms.value_and_grad(loss_net, None, optimizer.parameters)
        parallel = ms.get_auto_parallel_context("parallel_mode") == ms.ParallelMode.DATA_PARALLEL
        self.reducer = nn.DistributedGradReducer(optimizer.parameters) if parallel else nn.Identity()

    def construct(self, *inputs):
        loss, grads = self.grad_fn(*inputs)
        return ops.depend(loss, self.optimizer(self.reducer(grads)))


def adam(params, lr, beta1, beta2):
    return nn.Adam(params, learning_rate=lr, beta1=beta1, beta2=beta2, eps=1e-8)
