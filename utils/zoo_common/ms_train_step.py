"""A MindSpore training step with one optimizer: forward, backward, gradients averaged over the data-parallel
workers, update. Every MindSpore GAN builds its D and G steps from it."""
import mindspore as ms
from mindspore import nn, ops


class TrainStep(nn.Cell):
    """One forward+backward of ``loss_net`` and one update of ``optimizer``'s parameters; returns the loss.

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
