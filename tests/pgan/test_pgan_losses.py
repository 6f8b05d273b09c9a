"""PGAN's WGAN-GP losses, Adam with β1 = 0, the averaged generator and the train steps (specs/PGAN.md §4.2–4.5)."""
import mindspore as ms
import numpy as np
import pytest
from mindspore import Tensor, nn

from PGAN.src.cell import Adam, GradientPenalty, PganSteps, shared_copy
from PGAN.src.model import Discriminator, Generator

ms.set_context(mode=ms.GRAPH_MODE)
ms.set_device("CPU")
DEPTH, LATENT, BATCH = [8, 8], 8, 4


class ApplyAdam(nn.Cell):
    def __init__(self, optimizer):
        super().__init__(auto_prefix=False)
        self.optimizer = optimizer

    def construct(self, gradients):
        return self.optimizer(gradients)


def test_adam_with_beta1_zero_matches_numpy():
    rng = np.random.default_rng(0)
    start = rng.standard_normal((3, 4)).astype(np.float32)
    weight = ms.Parameter(Tensor(start), name="w")
    step = ApplyAdam(Adam([weight], 0.01, beta1=0.0, beta2=0.99))
    w, v = start.astype(np.float64), np.zeros((3, 4))
    for t in range(1, 6):
        g = rng.standard_normal((3, 4)).astype(np.float32)
        step((Tensor(g),))
        v = 0.99 * v + 0.01 * g.astype(np.float64) ** 2
        w = w - 0.01 * g / (np.sqrt(v / (1 - 0.99 ** t)) + 1e-8)   # m = g exactly when β1 = 0
    np.testing.assert_allclose(weight.asnumpy(), w, rtol=1e-5, atol=1e-6)
    assert int(step.optimizer.step.asnumpy()) == 5


def test_adam_with_beta1_matches_numpy():
    rng = np.random.default_rng(1)
    start = rng.standard_normal(5).astype(np.float32)
    weight = ms.Parameter(Tensor(start), name="w")
    step = ApplyAdam(Adam([weight], 0.003, beta1=0.5, beta2=0.9))
    w, m, v = start.astype(np.float64), np.zeros(5), np.zeros(5)
    for t in range(1, 4):
        g = rng.standard_normal(5).astype(np.float32)
        step((Tensor(g),))
        m, v = 0.5 * m + 0.5 * g, 0.9 * v + 0.1 * g.astype(np.float64) ** 2
        w = w - 0.003 * (m / (1 - 0.5 ** t)) / (np.sqrt(v / (1 - 0.9 ** t)) + 1e-8)
    np.testing.assert_allclose(weight.asnumpy(), w, rtol=1e-5, atol=1e-6)


@pytest.fixture(scope="module")
def nets():
    generator, critic = Generator(DEPTH, 1, LATENT, seed=2), Discriminator(DEPTH, 1, seed=2)
    average = Generator(DEPTH, 1, LATENT, seed=2)
    generator.update_parameters_name("generator.")
    critic.update_parameters_name("discriminator.")
    average.update_parameters_name("average_generator.")
    copy = shared_copy(critic, lambda: Discriminator(DEPTH, 1, seed=9))
    optimizer_g = Adam(generator.trainable_params(), 1e-3)
    optimizer_d = Adam(critic.trainable_params(), 1e-3)
    steps = PganSteps(generator, critic, copy, average, optimizer_g, optimizer_d, 10.0, 0.001, 0.999)
    return generator, critic, copy, average, steps


def batch(seed):
    rng = np.random.default_rng(seed)
    return (Tensor(rng.uniform(-1, 1, (BATCH, 3, 8, 8)).astype(np.float32)),
            Tensor(rng.standard_normal((BATCH, LATENT)).astype(np.float32)),
            Tensor(rng.uniform(0, 1, (BATCH, 1, 1, 1)).astype(np.float32)),
            Tensor(np.full((BATCH, 1), 0.25, np.float32)))


def test_the_shared_copy_computes_with_the_critics_parameters(nets):
    _, critic, copy, _, _ = nets
    assert [p.name for p in copy.get_parameters()] == [p.name for p in critic.get_parameters()]
    assert all(a is b for a, b in zip(copy.get_parameters(), critic.get_parameters()))


def test_gradient_penalty_matches_finite_differences():
    """Per-sample (‖∇_x D‖ − 1)² against central differences of D (no minibatch stddev: samples independent)."""
    critic = Discriminator([4], 0, minibatch_stddev=False, seed=4)
    decision = critic.output_block.decision.weight
    decision.set_data(decision.data * 10)   # gradient norms well away from 1
    terms = GradientPenalty(shared_copy(critic, lambda: Discriminator([4], 0, minibatch_stddev=False)))
    rng = np.random.default_rng(5)
    x = rng.uniform(-1, 1, (2, 3, 4, 4)).astype(np.float64)
    alpha = np.zeros((2, 1), np.float32)
    got = terms(Tensor(x.astype(np.float32)), Tensor(alpha)).asnumpy()
    h = 1e-2
    eye = np.eye(48).reshape(48, 3, 4, 4)
    for i in range(2):
        probes = np.concatenate([x[i] + h * eye, x[i] - h * eye]).astype(np.float32)
        scores = critic(Tensor(probes), Tensor(np.zeros((96, 1), np.float32))).asnumpy().astype(np.float64)[:, 0]
        gradient = (scores[:48] - scores[48:]) / (2 * h)
        assert got[i] == pytest.approx((np.linalg.norm(gradient) - 1) ** 2, rel=1e-2)
    assert np.all(got > 1)


def test_critic_gradients_match_finite_differences(nets):
    """The D step's gradient (through the gradient penalty's second derivatives) against central differences
    of its loss (δ = 1e-3), for the largest-gradient weight of four layers. The penalty jumps where a
    pre-activation crosses a LeakyReLU kink (the input gradient is piecewise constant there), so the check
    takes weights, whose small changes move few pre-activations, not biases."""
    _, critic, _, _, steps = nets
    inputs = batch(7)
    loss, gradients = steps.d_loss_and_gradients(*inputs)
    params = list(critic.trainable_params())
    checked = 0
    for index, param in enumerate(params):
        if not param.name.endswith(("decision.weight", "output_block.conv.conv.weight", "from_rgb.1.conv.weight",
                                    "blocks.0.conv2.conv.weight")):
            continue
        flat = param.asnumpy().reshape(-1).copy()
        position = int(np.argmax(np.abs(gradients[index].asnumpy().reshape(-1))))
        values = []
        for delta in (1e-3, -1e-3):
            changed = flat.copy()
            changed[position] += delta
            param.set_data(Tensor(changed.reshape(param.shape)))
            values.append(float(steps.d_loss_and_gradients(*inputs)[0].asnumpy()))
        param.set_data(Tensor(flat.reshape(param.shape)))
        numeric = (values[0] - values[1]) / 2e-3
        assert gradients[index].asnumpy().reshape(-1)[position] == pytest.approx(numeric, rel=1e-2), param.name
        checked += 1
    assert checked == 4


def test_steps_lower_their_losses_and_update_the_average(nets):
    generator, _, _, average, steps = nets
    reals, noise, mix, alpha = batch(8)
    d_losses = [float(steps.d_step(reals, noise, mix, alpha).asnumpy()) for _ in range(8)]
    assert d_losses[-1] < d_losses[0]
    before_avg = {p.name.split(".", 1)[1]: p.asnumpy().copy() for p in average.trainable_params()}
    g_losses = []
    for _ in range(8):
        g_losses.append(float(steps.g_step(noise, alpha).asnumpy()))
        expected = {name: 0.999 * value + 0.001 * p.asnumpy()
                    for (name, value), p in zip(before_avg.items(), generator.trainable_params())}
        got = {p.name.split(".", 1)[1]: p.asnumpy().copy() for p in average.trainable_params()}
        for name in expected:
            np.testing.assert_allclose(got[name], expected[name], rtol=1e-5, atol=1e-7)
        before_avg = got
    assert g_losses[-1] < g_losses[0]
