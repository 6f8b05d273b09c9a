"""DCGAN networks, initialisation, feature extractor and training steps (specs/DCGAN.md §2, §4, §5.2)."""
import math

import mindspore as ms
import numpy as np
import pytest
from mindspore import Tensor

from DCGAN.src.cell import DiscriminatorLoss, GeneratorLoss
from DCGAN.src.model import DiscriminatorFeatures, build_networks, count_parameters, feature_size
from utils.zoo_common.ms_train_step import gan_train_steps
from conftest import assert_same_training

ms.set_context(mode=ms.GRAPH_MODE)
ms.set_device("CPU")
BATCH, WIDTH = 4, 8


def inputs(seed=0):
    rng = np.random.default_rng(seed)
    return (Tensor(rng.uniform(-1, 1, (BATCH, 3, 32, 32)).astype(np.float32)),
            Tensor(rng.standard_normal((BATCH, 100, 1, 1)).astype(np.float32)))


def build(seed=0, fast=False, lr=2e-4):
    generator, discriminator = build_networks(seed, WIDTH, WIDTH)
    _, d_step, g_step = gan_train_steps(generator, discriminator, DiscriminatorLoss, GeneratorLoss, lr, 0.5, 0.999,
                                        cpu_fast_path=fast)
    return generator, discriminator, d_step, g_step


def snapshot(net):
    return {p.name: p.asnumpy().copy() for p in net.trainable_params()}


@pytest.fixture(scope="module")
def reference_width():
    return build_networks(seed=0)


def test_parameter_counts_and_names_follow_the_reference(reference_width):
    generator, discriminator = reference_width
    assert count_parameters(generator) == 3_448_576
    assert count_parameters(discriminator) == 2_637_312
    assert sum(int(p.size) for p in generator.get_parameters()) - 3_448_576 == 1_792  # BN running statistics
    d_names = [p.name for p in discriminator.trainable_params()]
    assert d_names == ["discriminator.0.weight", "discriminator.2.weight", "discriminator.3.gamma",
                       "discriminator.3.beta", "discriminator.5.weight", "discriminator.6.gamma",
                       "discriminator.6.beta", "discriminator.8.weight"]
    assert [p.name for p in generator.trainable_params()][:3] == ["generator.0.weight", "generator.1.gamma",
                                                                  "generator.1.beta"]


def test_initial_values_come_from_one_stream_and_differ_between_tensors(reference_width):
    generator, discriminator = reference_width
    g, d = snapshot(generator), snapshot(discriminator)
    weight = g["generator.3.weight"]
    assert abs(weight.mean()) < 1e-3 and abs(weight.std() - 0.02) < 1e-3
    assert abs(d["discriminator.3.gamma"].mean() - 1.0) < 0.01 and not d["discriminator.3.beta"].any()
    # The reference reseeded per tensor: G's last layer equalled D's first, G's layer 2 D's layer 3.
    assert g["generator.9.weight"].shape == d["discriminator.0.weight"].shape
    assert not np.allclose(g["generator.9.weight"], d["discriminator.0.weight"])
    assert not np.allclose(g["generator.3.weight"], d["discriminator.5.weight"])
    again = snapshot(build_networks(seed=0)[0])
    assert all(np.array_equal(v, again[k]) for k, v in g.items())


def test_reference_width_shapes_range_and_features(reference_width):
    generator, discriminator = reference_width
    generator.set_train(False)
    discriminator.set_train(False)
    noise = Tensor(np.random.default_rng(1).standard_normal((2, 100, 1, 1)).astype(np.float32))
    fakes = generator(noise)
    assert fakes.shape == (2, 3, 32, 32)
    assert -1.0 <= float(fakes.min().asnumpy()) and float(fakes.max().asnumpy()) <= 1.0
    assert discriminator(fakes).shape == (2, 1, 1, 1)
    probability = discriminator.probability(fakes).asnumpy()
    assert np.all((probability > 0) & (probability < 1))
    features = DiscriminatorFeatures(discriminator)(fakes)
    assert features.shape == (2, 14_336) == (2, feature_size(64))


def test_features_are_the_pooled_pre_activation_maps_one_row_per_image():
    discriminator = build_networks(seed=3, ngf=WIDTH, ndf=WIDTH)[1]
    discriminator.set_train(False)
    images, _ = inputs(seed=3)
    features = DiscriminatorFeatures(discriminator)(images).asnumpy()
    assert features.shape == (BATCH, feature_size(WIDTH))
    conv1 = discriminator.discriminator[0](images).asnumpy()  # (N, 2·ndf, 16, 16), before LeakyReLU
    pooled = conv1.reshape(BATCH, 2 * WIDTH, 4, 4, 4, 4).max(axis=(3, 5))
    np.testing.assert_allclose(features[:, :2 * WIDTH * 16], pooled.reshape(BATCH, -1), rtol=1e-5, atol=1e-6)
    single = DiscriminatorFeatures(discriminator)(images[1:2]).asnumpy()
    np.testing.assert_allclose(single[0], features[1], rtol=1e-5, atol=1e-6)


def test_one_d_step_and_one_g_step_update_only_their_network():
    generator, discriminator, d_step, g_step = build()
    images, noise = inputs()
    g_before, d_before = snapshot(generator), snapshot(discriminator)
    assert math.isfinite(float(d_step(images, noise).asnumpy()))
    assert all(np.array_equal(v, snapshot(generator)[k]) for k, v in g_before.items())
    assert all(not np.array_equal(v, snapshot(discriminator)[k]) for k, v in d_before.items())
    d_after = snapshot(discriminator)
    assert math.isfinite(float(g_step(noise).asnumpy()))
    assert all(np.array_equal(v, snapshot(discriminator)[k]) for k, v in d_after.items())
    assert all(not np.array_equal(v, snapshot(generator)[k]) for k, v in g_before.items())


def test_steps_train_batchnorm_on_batch_statistics_and_update_the_running_ones():
    generator, discriminator, d_step, g_step = build(seed=4)
    images, noise = inputs(seed=4)
    running = {p.name: p.asnumpy().copy() for net in (generator, discriminator) for p in net.get_parameters()
               if "moving_" in p.name}
    d_step(images, noise)
    g_step(noise)
    after = {p.name: p.asnumpy() for net in (generator, discriminator) for p in net.get_parameters()
             if "moving_" in p.name}
    assert len(running) == 10
    assert all(not np.allclose(after[name], value) for name, value in running.items()), \
        [name for name, value in running.items() if np.allclose(after[name], value)]


def test_discriminator_loss_decreases_on_a_fixed_batch():
    _, _, d_step, _ = build(seed=1, lr=2e-3)  # at 2e-4 the N(0, 0.02) start moves the loss by ~1% in 8 steps
    images, noise = inputs(seed=1)
    losses = [float(d_step(images, noise).asnumpy()) for _ in range(8)]
    assert losses[-1] < losses[0] * 0.8, losses


def test_cpu_fast_path_trains_like_the_native_cells():
    results = []
    for fast in (False, True):
        generator, discriminator, d_step, g_step = build(seed=2, fast=fast)
        initial = {**snapshot(generator), **snapshot(discriminator)}
        images, noise = inputs(seed=2)
        losses = []
        for _ in range(2):
            losses.append(float(d_step(images, noise).asnumpy()))
            losses.append(float(g_step(noise).asnumpy()))
        final = {**snapshot(generator), **snapshot(discriminator)}
        results.append((losses, {name: value - initial[name] for name, value in final.items()}))
    assert_same_training(*results)
