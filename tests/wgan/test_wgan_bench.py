"""The PyTorch WGAN twin of utils/bench trains as the zoo's WGAN does: from the same weights and inputs, the same
losses, parameters and BatchNorm statistics after critic and generator steps, for both generator variants. The
benchmark itself (batch 64, 64×64) is slow."""
import json
import subprocess
import sys

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="PyTorch is a benchmark-only dependency (utils/bench/requirements.txt)")

import mindspore as ms  # noqa: E402
from mindspore import Tensor  # noqa: E402

from WGAN.src.cell import CriticLoss, GeneratorLoss, clipped_step_factory, optimizer_factory  # noqa: E402
from WGAN.src.config import get_config  # noqa: E402
from WGAN.src.model import build_networks  # noqa: E402
from WGAN.src.trainer import clip_parameters  # noqa: E402
from utils.bench.harness import ZOO_ROOT  # noqa: E402
from utils.bench.torch_wgan import WGANTwin, load_reference_arrays  # noqa: E402
from utils.zoo_common.ms_train_step import gan_train_steps  # noqa: E402

ms.set_context(mode=ms.GRAPH_MODE)
ms.set_device("CPU")
BATCH, SIZE, WIDTH, LR = 4, 16, 4, 0.01  # a rate at which every step moves the weights well above float32 noise


def _arrays(net):
    return {p.name.removeprefix("generator.").removeprefix("discriminator."): p.asnumpy().copy()
            for p in net.get_parameters()}


def _twin_arrays(module):
    names = {"weight": "gamma", "bias": "beta", "running_mean": "moving_mean", "running_var": "moving_variance"}
    arrays = {}
    for name, value in module.state_dict().items():
        head, _, last = name.rpartition(".")
        if last == "num_batches_tracked":
            continue
        is_bn = isinstance(module.get_submodule(head), torch.nn.BatchNorm2d)
        arrays[f"{head}.{names[last] if is_bn else last}"] = value.numpy()
    return arrays


@pytest.mark.parametrize("no_bn", [False, True])
def test_twin_trains_like_the_zoo_from_the_same_weights(no_bn):
    config = get_config(["--image_size", str(SIZE), "--ngf", str(WIDTH), "--ndf", str(WIDTH), "--no_bn", str(no_bn),
                         "--lr_d", str(LR), "--lr_g", str(LR), "--seed", "3"])
    generator, critic = build_networks(config)
    twin = WGANTwin(no_bn, WIDTH, SIZE, lr=LR)
    load_reference_arrays(twin.generator, {p.name: p.asnumpy() for p in generator.get_parameters()})
    load_reference_arrays(twin.critic, {p.name: p.asnumpy() for p in critic.get_parameters()})
    twin.clip()
    clip_parameters(critic, config.clamp_lower, config.clamp_upper)
    _, d_step, g_step = gan_train_steps(generator, critic, CriticLoss, GeneratorLoss, None, None, None,
                                        make_optimizer=optimizer_factory(config),
                                        discriminator_step=clipped_step_factory(config))
    rng = np.random.default_rng(0)
    for step in range(3):
        images = rng.uniform(-1, 1, (BATCH, 3, SIZE, SIZE)).astype(np.float32)
        noise, g_noise = rng.standard_normal((2, BATCH, 100, 1, 1)).astype(np.float32)
        d_loss = float(d_step(Tensor(images), Tensor(noise)).asnumpy())
        assert d_loss == pytest.approx(twin.critic_step(torch.from_numpy(images), torch.from_numpy(noise)).item(),
                                       rel=1e-4, abs=1e-8), step
        g_loss = float(g_step(Tensor(g_noise)).asnumpy())
        assert g_loss == pytest.approx(twin.generator_step(torch.from_numpy(g_noise)).item(), rel=1e-4, abs=1e-8)
    moved = 0
    for net, module in ((generator, twin.generator), (critic, twin.critic)):
        ours, theirs = _arrays(net), _twin_arrays(module)
        assert sorted(ours) == sorted(theirs)
        for name, value in ours.items():
            np.testing.assert_allclose(theirs[name], value, rtol=1e-4, atol=2e-6, err_msg=name)
    for param in critic.trainable_params():
        assert np.abs(param.asnumpy()).max() <= 0.01, param.name
    initial = build_networks(config)
    for net, start in zip((generator, critic), initial):
        moved += sum(not np.allclose(value, _arrays(start)[name], atol=1e-6) for name, value in _arrays(net).items())
    assert moved > 0


def test_missing_or_misshapen_parameters_are_errors():
    twin = WGANTwin(width=WIDTH, image_size=SIZE)
    arrays = _twin_arrays(twin.critic)
    with pytest.raises(ValueError, match="no counterpart"):
        load_reference_arrays(twin.critic, {**arrays, "main.0.weight": np.zeros((1, 3, 4, 4))})
    arrays.pop("main.3.moving_mean")
    with pytest.raises(ValueError, match="not given"):
        load_reference_arrays(twin.critic, arrays)


@pytest.mark.slow
def test_benchmark_rows_at_the_reference_batch(tmp_path):
    """Both WGAN rows at batch 64, 64×64, width 64: a generator iteration and a critic step on each side."""
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "-m", "utils.bench", "--models", "WGAN", "WGAN-critic", "--configs", "ms-fast",
         "--rounds", "1", "--steps", "1", "--infer-repeats", "1", "--json", str(out)],
        cwd=ZOO_ROOT, capture_output=True, text=True, timeout=1800, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(out.read_text())
    for model, step in (("WGAN", "generator_iteration"), ("WGAN-critic", "critic_step")):
        assert report["settings"]["models"][model] == {"framework": "mindspore", "batch": 64,
                                                       "options": {"step": step}}
        runtimes = report["models"][model]
        assert runtimes["ms-fast"]["info"]["fast_cells"] > 0
        assert runtimes["ms-fast"]["train_step_s"] > 0 and runtimes["torch"]["train_time_vs_torch"] == 1.0
    assert (report["models"]["WGAN"]["torch"]["train_step_s"]
            > 3 * report["models"]["WGAN-critic"]["torch"]["train_step_s"])
