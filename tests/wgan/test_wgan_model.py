"""WGAN networks, losses, optimizers and clipping (specs/WGAN.md §2, §4.3–4.5)."""
import math

import mindspore as ms
import numpy as np
import pytest
from mindspore import Tensor

from WGAN.src.cell import ClippedTrainStep, CriticLoss, GeneratorLoss, optimizer_factory, rmsprop
from WGAN.src.config import get_config
from WGAN.src.model import Critic, Generator, build_networks, count_parameters
from utils.zoo_common.ms_train_step import gan_train_steps

ms.set_context(mode=ms.GRAPH_MODE)
ms.set_device("CPU")
BATCH, SIZE, WIDTH = 4, 16, 4


def tiny_config(*flags):
    return get_config(["--image_size", str(SIZE), "--ngf", str(WIDTH), "--ndf", str(WIDTH), *flags])


def inputs(seed=0):
    rng = np.random.default_rng(seed)
    return (Tensor(rng.uniform(-1, 1, (BATCH, 3, SIZE, SIZE)).astype(np.float32)),
            Tensor(rng.standard_normal((BATCH, 100, 1, 1)).astype(np.float32)))


def build(config, fast=False):
    generator, critic = build_networks(config)
    optimizers, d_step, g_step = gan_train_steps(
        generator, critic, CriticLoss, GeneratorLoss, None, None, None, cpu_fast_path=fast,
        make_optimizer=optimizer_factory(config),
        discriminator_step=lambda loss, opt: ClippedTrainStep(loss, opt, config.clamp_lower, config.clamp_upper))
    return generator, critic, optimizers, d_step, g_step


def snapshot(net):
    return {p.name: p.asnumpy().copy() for p in net.trainable_params()}


@pytest.mark.parametrize("no_bn, extra, g_trainable, g_all, d_trainable, d_all", [
    (False, 0, 3_576_704, 3_578_624, 2_765_568, 2_767_360),
    (True, 0, 3_574_784, 3_574_784, 2_765_568, 2_767_360),
    (False, 1, 3_613_696, 3_615_744, 2_802_560, 2_804_480),
])
def test_parameter_counts_follow_the_spec(no_bn, extra, g_trainable, g_all, d_trainable, d_all):
    generator = Generator(64, 100, 3, 64, extra, batch_norm=not no_bn)
    critic = Critic(64, 3, 64, extra)
    assert (count_parameters(generator), count_parameters(generator, trainable=False)) == (g_trainable, g_all)
    assert (count_parameters(critic), count_parameters(critic, trainable=False)) == (d_trainable, d_all)


def test_names_and_layouts_are_the_reference_checkpoint_keys():
    generator, critic = Generator(), Critic()
    names = [p.name for p in generator.get_parameters()]
    assert set(names[:5]) == {"main.0.weight", "main.1.gamma", "main.1.beta", "main.1.moving_mean",
                              "main.1.moving_variance"}
    assert names[-1] == "main.12.weight" and generator.main[0].weight.shape == (100, 512, 4, 4)
    no_bn = [p.name for p in Generator(batch_norm=False).get_parameters()]
    assert no_bn == [f"main.{i}.weight" for i in (0, 2, 4, 6, 8)]
    assert [p.name for p in critic.trainable_params()][:3] == ["main.0.weight", "main.2.weight", "main.3.gamma"]
    assert [p.name for p in critic.trainable_params()][-1] == "main.11.weight"
    extra = [p.name for p in Critic(n_extra_layers=1).trainable_params()][:3]
    assert extra == ["main.0.weight", "main.2.weight", "main.3.gamma"]  # the extra 64→64 3×3 layer at index 2
    assert Critic(n_extra_layers=1).main[2].weight.shape == (64, 64, 3, 3)


def test_shapes_and_range_at_the_reference_size():
    config = get_config(["--no_bn", "True"])
    generator, critic = build_networks(config)
    generator.set_train(False)
    noise = Tensor(np.random.default_rng(1).standard_normal((2, 100, 1, 1)).astype(np.float32))
    images = generator(noise)
    assert images.shape == (2, 3, 64, 64)
    assert -1.0 <= float(images.min().asnumpy()) and float(images.max().asnumpy()) <= 1.0
    assert critic(images).shape == (2,)


def test_rmsprop_step_is_mindspores_formula_and_clips_every_weight():
    """One critic step against NumPy: gradient of f(real) − f(G(z)) (MindSpore autodiff on a twin), then
    s = 0.99·1 + 0.01·g², w − lr·g/√(s + 1e-10), clamped to ±0.01."""
    config = tiny_config("--lr_d", "0.01", "--seed", "3")
    images, noise = inputs(3)
    twin_g, twin_d = build_networks(config)
    twin_g.update_parameters_name("generator.")
    twin_d.update_parameters_name("discriminator.")
    twin_g.set_train(True)
    twin_d.set_train(True)
    loss_net = CriticLoss(twin_g, twin_d)
    loss_net.set_train(True)
    weights = twin_d.trainable_params()
    loss, grads = ms.value_and_grad(loss_net, None, weights)(images, noise)
    generator, critic, optimizers, d_step, _ = build(config)
    before = {p.name.split(".", 1)[1]: p.asnumpy().copy() for p in critic.trainable_params()}
    got = float(d_step(images, noise).asnumpy())
    assert got == pytest.approx(float(loss.asnumpy()), rel=1e-5)
    at_bound = 0
    for param, grad in zip(critic.trainable_params(), grads):
        name, g = param.name.split(".", 1)[1], grad.asnumpy()
        expected = before[name] - 0.01 * g / np.sqrt(0.99 + 0.01 * g * g + 1e-10)
        expected = np.clip(expected, -0.01, 0.01)
        np.testing.assert_allclose(param.asnumpy(), expected, rtol=1e-5, atol=1e-7, err_msg=name)
        at_bound += int(np.sum(np.abs(param.asnumpy()) == np.float32(0.01)))
    assert at_bound > 0  # the initial BN γ ≈ 1 is clipped to 0.01
    mean_square = [p for p in optimizers["optimizer_D"].get_parameters() if "mean_square" in p.name]
    assert mean_square and all(float(p.asnumpy().min()) >= 0.99 for p in mean_square)  # started at 1, not 0


def test_one_critic_step_and_one_generator_step_change_only_their_network():
    # RMSProp's mean square starts at 1 (MindSpore): at lr 5e-5 the first G update of a clipped critic's tiny
    # gradients is below float32 resolution, so this test takes large rates.
    config = tiny_config("--seed", "1", "--lr_d", "0.5", "--lr_g", "0.5")
    generator, critic, _, d_step, g_step = build(config)
    images, noise = inputs()
    g_before, d_before = snapshot(generator), snapshot(critic)
    assert math.isfinite(float(d_step(images, noise).asnumpy()))
    assert all(np.array_equal(v, snapshot(generator)[k]) for k, v in g_before.items())
    assert all(not np.array_equal(v, snapshot(critic)[k]) for k, v in d_before.items())
    d_after = snapshot(critic)
    assert math.isfinite(float(g_step(noise).asnumpy()))
    assert all(np.array_equal(v, snapshot(critic)[k]) for k, v in d_after.items())
    assert all(not np.array_equal(v, snapshot(generator)[k]) for k, v in g_before.items())


def test_losses_have_the_reference_signs():
    """L_D = f(real) − f(G(z)) and L_G = f(G(z)) from the critic's scores, read before the update."""
    config = tiny_config("--seed", "2", "--no_bn", "true")
    generator, critic, _, d_step, g_step = build(config)
    images, noise = inputs(2)
    generator.set_train(True)
    critic.set_train(True)
    fakes = generator(noise)
    expected_d = float(critic(images).mean().asnumpy() - critic(fakes).mean().asnumpy())
    assert float(d_step(images, noise).asnumpy()) == pytest.approx(expected_d, rel=1e-4, abs=1e-9)
    expected_g = float(critic(generator(noise)).mean().asnumpy())
    assert float(g_step(noise).asnumpy()) == pytest.approx(expected_g, rel=1e-4, abs=1e-9)


def test_adam_option_and_critic_loss_falls_on_a_fixed_batch():
    config = tiny_config("--seed", "4", "--adam", "--lr_d", "0.001")
    _, _, optimizers, d_step, _ = build(config)
    assert type(optimizers["optimizer_D"]).__name__ == "Adam"
    assert float(optimizers["optimizer_D"].beta1.asnumpy()) == pytest.approx(0.5)
    images, noise = inputs(4)
    losses = [float(d_step(images, noise).asnumpy()) for _ in range(10)]
    assert losses[-1] < losses[0], losses


def test_cpu_fast_path_gives_the_native_steps():
    results = []
    for fast in (False, True):
        generator, critic, _, d_step, g_step = build(tiny_config("--seed", "5"), fast=fast)
        images, noise = inputs(5)
        losses = [float(d_step(images, noise).asnumpy()), float(g_step(noise).asnumpy())]
        results.append((losses, {**snapshot(generator), **snapshot(critic)}))
    np.testing.assert_allclose(results[1][0], results[0][0], rtol=1e-4, atol=1e-9)
    for name, value in results[0][1].items():
        np.testing.assert_allclose(results[1][1][name], value, rtol=1e-4, atol=1e-6, err_msg=name)
