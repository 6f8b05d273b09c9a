"""PGAN's losses, optimizer and train steps (specs/PGAN.md §4.2–4.5, with §9's fixes).

With D(x, α) the critic's score and means over the batch (the paper's code; the reference sums):
- critic loss, minimised: L_D = mean D(fake) − mean D(real) + λ·mean_i (‖∇_x̂ D(x̂_i)‖₂ − 1)² + ε·mean D(real)²,
  x̂ = e·real + (1 − e)·fake with e ~ U[0, 1] per sample, drawn fresh every step by the trainer (§9.5);
  λ = ``lambda_gp`` (10), ε = ``epsilon_drift`` (0.001);
- generator loss, minimised: L_G = −mean D(G(z)).
During a fade-in the real images are blended like G's output (§9.9): alpha·up(down(x)) + (1 − alpha)·x.

The gradient penalty differentiates the critic's input gradient once more. MindSpore 2.10 compiles that only
when the inner gradient runs through a second critic cell that shares the trained one's Parameters
(differentiating the same cell twice fails with "The pointer[real_primal_func] is null"): ``shared_copy``.
The steps are Cells, not ``ms.jit`` functions: a jit function keeps the parameter values it was compiled
with and does not see ``set_data`` (a loaded checkpoint, a grown network). With the CPU fast path the critic
and its copy run the compiled convolutions too, whose gradients are differentiable again
(``ms_cpu_kernels.convolution_kernels``).

Adam: β1 = 0 exactly (the reference needs β1 = 1e-4 because MindSpore's Adam refuses 0, §9.8):
m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², w ← w − lr·(m/(1−β1^t)) / (sqrt(v/(1−β2^t)) + eps).
The averaged generator is updated in the same graph as the G step: avg ← decay·avg + (1 − decay)·g (§9.14).
"""
import mindspore as ms
from mindspore import Parameter, ParameterTuple, Tensor, nn, ops
from mindspore.common import dtype as mstype

from utils.zoo_common.ms_train_step import TrainStep

from .layers import downsample2, upsample2

ADAM_EPSILON = 1e-8


def shared_copy(net, make):
    """``make()`` builds a network of ``net``'s structure; its Parameters are replaced by ``net``'s own (same
    objects, so the copy always computes with the trained values)."""
    copy = make()
    own = {name: param for name, param in net.parameters_and_names()}
    for cell_name, cell in copy.cells_and_names():
        for key in list(cell._params):
            full = f"{cell_name}.{key}" if cell_name else key
            if full not in own:
                raise ValueError(f"shared_copy: {full} has no counterpart in {type(net).__name__}")
            cell._params[key] = own[full]
    return copy


class Adam(nn.Cell):
    """Adam with any β1 in [0, 1), β1 = 0 included; state ``moment1.<name>``, ``moment2.<name>``, ``step``."""

    def __init__(self, params, learning_rate, beta1=0.0, beta2=0.99, eps=ADAM_EPSILON):
        super().__init__(auto_prefix=False)
        self.parameters = ParameterTuple(params)
        self.learning_rate = Parameter(Tensor(learning_rate, mstype.float32), name="learning_rate",
                                       requires_grad=False)
        self.moment1 = self.parameters.clone(prefix="moment1", init="zeros")
        self.moment2 = self.parameters.clone(prefix="moment2", init="zeros")
        self.step = Parameter(Tensor(0, mstype.int32), name="step", requires_grad=False)
        self.beta1, self.beta2, self.eps = float(beta1), float(beta2), float(eps)

    def construct(self, gradients):
        step = ops.assign_add(self.step, ops.ones((), mstype.int32))
        t = step.astype(mstype.float32)
        correction1 = 1.0 - ops.pow(Tensor(self.beta1, mstype.float32), t)
        correction2 = 1.0 - ops.pow(Tensor(self.beta2, mstype.float32), t)
        done = ()
        for weight, m, v, g in zip(self.parameters, self.moment1, self.moment2, gradients):
            m_new = ops.assign(m, self.beta1 * m + (1.0 - self.beta1) * g)
            v_new = ops.assign(v, self.beta2 * v + (1.0 - self.beta2) * g * g)
            update = self.learning_rate * (m_new / correction1) / (ops.sqrt(v_new / correction2) + self.eps)
            done += (ops.assign(weight, weight - update),)
        return done


def blend_reals(images, alpha):
    """The fade-in's real images: alpha·up(avgpool(x)) + (1 − alpha)·x (alpha (N, 1))."""
    alpha = alpha.reshape((-1, 1, 1, 1))
    return alpha * upsample2(downsample2(images, "avg")) + (1 - alpha) * images


class _ScoreSum(nn.Cell):
    def __init__(self, critic):
        super().__init__(auto_prefix=False)
        self.critic = critic

    def construct(self, images, alpha):
        return self.critic(images, alpha).sum()


class GradientPenalty(nn.Cell):
    """Per-sample (‖∇_x̂ Σ D(x̂)‖₂ − 1)², through ``critic_copy`` (a ``shared_copy`` of the trained critic)."""

    def __init__(self, critic_copy):
        super().__init__(auto_prefix=False)
        self.score_sum = _ScoreSum(critic_copy)
        self.input_gradient = ops.GradOperation()

    def construct(self, interpolated, alpha):
        gradient = self.input_gradient(self.score_sum)(interpolated, alpha)
        norm = ops.sqrt((gradient * gradient).sum(axis=(1, 2, 3)))
        return (norm - 1.0) ** 2


class CriticLoss(nn.Cell):
    """L_D of one batch: (reals, noise, mix e (N, 1, 1, 1), alpha (N, 1)) → scalar."""

    def __init__(self, generator, critic, critic_copy, lambda_gp, epsilon_drift, blend=True):
        super().__init__(auto_prefix=False)
        self.generator, self.critic, self.penalty = generator, critic, GradientPenalty(critic_copy)
        self.lambda_gp, self.epsilon_drift = float(lambda_gp), float(epsilon_drift)
        self.fading = bool(blend) and generator.scale_index > 0

    def construct(self, reals, noise, mix, alpha):
        if self.fading:
            reals = blend_reals(reals, alpha)
        fakes = ops.stop_gradient(self.generator(noise, alpha))
        real_scores = self.critic(reals, alpha)
        interpolated = mix * reals + (1.0 - mix) * fakes
        penalty = self.penalty(interpolated, alpha).mean()
        return (self.critic(fakes, alpha).mean() - real_scores.mean() + self.lambda_gp * penalty
                + self.epsilon_drift * (real_scores * real_scores).mean())


class GeneratorLoss(nn.Cell):
    """L_G: (noise, alpha) → −mean D(G(z))."""

    def __init__(self, generator, critic):
        super().__init__(auto_prefix=False)
        self.generator, self.critic = generator, critic

    def construct(self, noise, alpha):
        return -self.critic(self.generator(noise, alpha), alpha).mean()


class GeneratorStep(TrainStep):
    """The G update, then avg ← decay·avg + (1 − decay)·G for every parameter of the averaged generator, in
    the same graph (the averaging reads G's parameters after the update)."""

    def __init__(self, loss_net, optimizer, average, decay):
        super().__init__(loss_net, optimizer)
        self.average = ParameterTuple(average.trainable_params())
        self.weights = optimizer.parameters
        self.decay = float(decay)

    def construct(self, *inputs):
        loss, grads = self.grad_fn(*inputs)
        updated = self.optimizer(self.reducer(grads))
        averaged = ()
        for avg, weight in zip(self.average, self.weights):
            averaged += (ops.assign(avg, self.decay * avg + (1.0 - self.decay) * ops.depend(weight, updated)),)
        return ops.depend(loss, averaged)


class PganSteps:
    """The D step (WGAN-GP + drift) and the G step (+ averaged generator) of one scale.

    generator, critic, average: the (name-prefixed) networks; critic_copy: ``shared_copy`` of the critic.
    ``d_step(reals, noise, mix, alpha)`` and ``g_step(noise, alpha)`` return their losses.
    """

    def __init__(self, generator, critic, critic_copy, average, optimizer_g, optimizer_d, lambda_gp, epsilon_drift,
                 ema_decay, blend=True):
        self.critic_loss = CriticLoss(generator, critic, critic_copy, lambda_gp, epsilon_drift, blend)
        self.d_step = TrainStep(self.critic_loss, optimizer_d)
        self.g_step = GeneratorStep(GeneratorLoss(generator, critic), optimizer_g, average, ema_decay)
        self.d_loss_and_gradients = _LossAndGradients(self.critic_loss, optimizer_d.parameters)


class _LossAndGradients(nn.Cell):
    """(loss, gradients) of a loss cell with respect to ``weights``, without an update (for checks)."""

    def __init__(self, loss_net, weights):
        super().__init__(auto_prefix=False)
        self.loss_net = loss_net
        self.set_train()
        self.grad_fn = ms.value_and_grad(loss_net, None, weights)

    def construct(self, *inputs):
        return self.grad_fn(*inputs)
