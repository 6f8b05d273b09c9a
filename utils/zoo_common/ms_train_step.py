"""A MindSpore training step with one optimizer: forward, backward, gradients averaged over the data-parallel
workers, update. Every MindSpore GAN builds its D and G steps from it."""
import mindspore as ms
from mindspore import nn, ops


class TrainStep(nn.Cell):
    """One forward+backward of ``loss_net`` and one update of ``optimizer``'s parameters; returns the loss.

    Under data parallelism the gradients are averaged over the workers before the update. The networks run
    in training mode (cells start in inference mode): BatchNorm normalises by the batch's statistics and
    updates its running ones.
    """

    def __init__(self, loss_net, optimizer):
        super().__init__(auto_prefix=False)
        self.loss_net, self.optimizer = loss_net, optimizer
        self.set_train()
        self.grad_fn = ms.value_and_grad(loss_net, None, optimizer.parameters)
        parallel = ms.get_auto_parallel_context("parallel_mode") == ms.ParallelMode.DATA_PARALLEL
        self.reducer = nn.DistributedGradReducer(optimizer.parameters) if parallel else nn.Identity()

    def construct(self, *inputs):
        loss, grads = self.grad_fn(*inputs)
        return ops.depend(loss, self.optimizer(self.reducer(grads)))


def adam(params, lr, beta1, beta2):
    return nn.Adam(params, learning_rate=lr, beta1=beta1, beta2=beta2, eps=1e-8)


def gan_train_steps(generator, discriminator, discriminator_loss, generator_loss, lr, beta1, beta2,
                    cpu_fast_path=False, make_optimizer=None, discriminator_step=TrainStep):
    """Make G and D ready for one training graph and build their steps: the CPU fast path (``cpu_fast_path``:
    the device target is CPU and the config asks for it), the ``generator.`` / ``discriminator.`` name
    prefixes, one Adam each. ``discriminator_loss`` / ``generator_loss``: loss-cell classes taking (G, D).
    ``make_optimizer(which, params)`` (which: "G" or "D") replaces the Adams (lr, beta1, beta2 then unused);
    ``discriminator_step(loss_net, optimizer)`` builds the D step (default ``TrainStep``).
    Returns ({"optimizer_G", "optimizer_D"}, d_step, g_step)."""
    from .ms_fast_layers import apply_cpu_fast_path
    from .ms_gan_state import DISCRIMINATOR_PREFIX, GENERATOR_PREFIX
    if cpu_fast_path:
        apply_cpu_fast_path(generator)
        apply_cpu_fast_path(discriminator)
    # Both networks share parameter names; one graph holding both needs them distinct.
    generator.update_parameters_name(GENERATOR_PREFIX)
    discriminator.update_parameters_name(DISCRIMINATOR_PREFIX)
    if make_optimizer is None:
        def make_optimizer(which, params):
            return adam(params, lr, beta1, beta2)
    optimizers = {f"optimizer_{which}": make_optimizer(which, net.trainable_params())
                  for which, net in (("G", generator), ("D", discriminator))}
    return (optimizers, discriminator_step(discriminator_loss(generator, discriminator), optimizers["optimizer_D"]),
            TrainStep(generator_loss(generator, discriminator), optimizers["optimizer_G"]))
