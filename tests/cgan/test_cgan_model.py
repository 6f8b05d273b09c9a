"""CGAN networks and training steps (specs/CGAN.md §2, §4.3)."""
import math

import mindspore as ms
import numpy as np
import pytest
from mindspore import Tensor

from CGAN.src.cell import DiscriminatorLoss, GeneratorLoss, TrainStep, adam
from CGAN.src.model import Discriminator, Generator, count_parameters
from utils.zoo_common.ms_fast_layers import apply_cpu_fast_path
from conftest import assert_same_training

ms.set_context(mode=ms.GRAPH_MODE)
ms.set_device("CPU")
BATCH = 4


def inputs(seed=0):
    rng = np.random.default_rng(seed)
    return (Tensor(rng.uniform(0, 1, (BATCH, 1, 32, 32)).astype(np.float32)),
            Tensor((np.arange(BATCH) % 10).astype(np.int32)),
            Tensor(rng.standard_normal((BATCH, 100)).astype(np.float32)))


def build(seed=0, fast=False):
    ms.set_seed(seed)
    generator, discriminator = Generator(), Discriminator()
    if fast:
        apply_cpu_fast_path(generator)
        apply_cpu_fast_path(discriminator)
    generator.update_parameters_name("generator.")
    discriminator.update_parameters_name("discriminator.")
    opt_g = adam(generator.trainable_params(), 2e-4, 0.5, 0.999)
    opt_d = adam(discriminator.trainable_params(), 2e-4, 0.5, 0.999)
    return (generator, discriminator, TrainStep(DiscriminatorLoss(generator, discriminator), opt_d),
            TrainStep(GeneratorLoss(generator, discriminator), opt_g))


def snapshot(net):
    return {p.name: p.asnumpy().copy() for p in net.trainable_params()}


@pytest.fixture(scope="module")
def networks():
    return Generator(), Discriminator()


def test_shapes_and_ranges(networks):
    generator, discriminator = networks
    images, labels, noise = inputs()
    fakes = generator(noise, labels)
    assert fakes.shape == (BATCH, 1, 32, 32)
    assert 0.0 <= float(fakes.min().asnumpy()) and float(fakes.max().asnumpy()) <= 1.0
    assert discriminator(images, labels).shape == (BATCH, 1, 1, 1)
    probability = discriminator.probability(images, labels).asnumpy()
    assert np.all((probability > 0) & (probability < 1))


def test_parameter_counts_and_checkpoint_names(networks):
    generator, discriminator = networks
    assert count_parameters(generator) == 1_477_480
    assert count_parameters(discriminator) == 672_640
    expected = ["embed.embedding_table"] + [f"net.{i}.{part}" for i in range(3)
                                             for part in ("0.weight", "1.gamma", "1.beta")] + ["net.3.weight"]
    assert [p.name for p in generator.trainable_params()] == expected
    assert [p.name for p in discriminator.trainable_params()] == expected


def test_minibatch_stddev_option_adds_one_input_map_to_the_output_convolution():
    discriminator = Discriminator(minibatch_stddev=4)
    assert count_parameters(discriminator) == 672_640 + 4 * 4
    assert discriminator.net[4].weight.shape == (1, 257, 4, 4)
    images, labels, _ = inputs()
    assert discriminator(images, labels).shape == (BATCH, 1, 1, 1)


def test_conv_weights_follow_the_reference_he_uniform_bounds(networks):
    generator, discriminator = networks
    bounds = {(generator, "net.0.0.weight"): 0.03827, (generator, "net.3.weight"): 0.61225,
              (discriminator, "net.0.0.weight"): 0.43293, (discriminator, "net.2.0.weight"): 0.05412}
    for (net, name), bound in bounds.items():
        weight = dict((p.name, p.asnumpy()) for p in net.trainable_params())[name]
        assert np.abs(weight).max() <= bound + 1e-6
        assert np.abs(weight).max() > 0.9 * bound
    table = generator.embed.embedding_table.asnumpy()
    assert abs(table.std() - 0.01) < 0.003


def test_one_d_step_and_one_g_step_update_only_their_network():
    generator, discriminator, d_step, g_step = build()
    images, labels, noise = inputs()
    g_before, d_before = snapshot(generator), snapshot(discriminator)
    loss_d = float(d_step(images, labels, noise).asnumpy())
    assert math.isfinite(loss_d)
    assert all(np.array_equal(v, snapshot(generator)[k]) for k, v in g_before.items())
    assert all(not np.array_equal(v, snapshot(discriminator)[k]) for k, v in d_before.items())
    d_after = snapshot(discriminator)
    loss_g = float(g_step(labels, noise).asnumpy())
    assert math.isfinite(loss_g)
    assert all(np.array_equal(v, snapshot(discriminator)[k]) for k, v in d_after.items())
    assert all(not np.array_equal(v, snapshot(generator)[k]) for k, v in g_before.items())


def test_discriminator_loss_decreases_on_a_fixed_batch():
    _, _, d_step, _ = build(seed=1)
    images, labels, noise = inputs(seed=1)
    losses = [float(d_step(images, labels, noise).asnumpy()) for _ in range(8)]
    assert losses[-1] < losses[0] * 0.8


def test_cpu_fast_path_trains_like_the_native_cells():
    results = []
    for fast in (False, True):
        generator, discriminator, d_step, g_step = build(seed=2, fast=fast)
        initial = {**snapshot(generator), **snapshot(discriminator)}
        images, labels, noise = inputs(seed=2)
        losses = []
        for _ in range(2):
            losses.append(float(d_step(images, labels, noise).asnumpy()))
            losses.append(float(g_step(labels, noise).asnumpy()))
        updates = {name: value - initial[name] for name, value in {**snapshot(generator),
                                                                   **snapshot(discriminator)}.items()}
        results.append((losses, updates))
    assert_same_training(*results)
