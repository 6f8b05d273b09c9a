"""The PyTorch PGAN twin computes what the zoo's MindSpore PGAN computes, from the same weights: the benchmark
workloads' averaged generator and training iteration (D step with gradient penalty and drift, G step, EMA),
with the CPU fast path on G and D (the critic's second derivatives through the compiled kernels)."""
import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="PyTorch is a benchmark-only dependency (utils/bench/requirements.txt)")

from utils.bench.pgan_setup import DEPTH, benchmark_inputs, scale_index  # noqa: E402
from utils.bench.torch_pgan import Discriminator, Generator, TorchPGAN, load_reference_arrays  # noqa: E402

DEPTH_TINY, LATENT_TINY, SCALE, BATCH = (8, 8, 4), 8, 16, 4


def copy_weights(workload, twin):
    for module, key in ((twin.generator, "G"), (twin.critic, "D"), (twin.average, "AvG")):
        load_reference_arrays(module, {p.name: p.asnumpy() for p in workload.networks[key].get_parameters()})


@pytest.fixture(scope="module")
def pair():
    """The MindSpore benchmark workload (fast path on G and D, tiny widths, scale 16 mid-fade) and a twin
    holding its initial weights."""
    import mindspore as ms
    ms.set_context(mode=ms.GRAPH_MODE)
    ms.set_device("CPU")
    from utils.bench.ms_pgan import MindSporePGAN
    from utils.zoo_common.ms_fast_layers import KernelConv2d

    workload = MindSporePGAN(BATCH, fast_path=True, scale=SCALE, depth=DEPTH_TINY, latent_dim=LATENT_TINY)
    # G: 5 convolutions + 3 to_rgb; D: 3 from_rgb + 2 blocks × 2 + the output block's convolution
    assert workload.fast_cells == 16
    assert isinstance(workload.networks["D"].blocks[0].conv1.conv, KernelConv2d)
    twin = TorchPGAN(BATCH, scale=SCALE, depth=DEPTH_TINY, latent_dim=LATENT_TINY)
    copy_weights(workload, twin.twin)
    return workload, twin


def test_twin_has_the_zoo_s_parameters_at_every_scale():
    """Names and shapes at scale 128 (every block), at widths in the reference's proportions."""
    from PGAN.src.model import Discriminator as ZooDiscriminator, Generator as ZooGenerator
    depth, index = [d // 32 for d in DEPTH], scale_index(128)
    twins = Generator(depth, index, LATENT_TINY), Discriminator(depth, index)
    zoo = ZooGenerator(depth, index, LATENT_TINY), ZooDiscriminator(depth, index)
    for twin, net in zip(twins, zoo):
        assert ({name: tuple(p.shape) for name, p in twin.named_parameters()}
                == {p.name: tuple(p.shape) for p in net.get_parameters()})


def test_same_weights_give_the_same_images_and_training_iterations(pair):
    workload, twin = pair
    # G's output is unbounded: 1e-5 of its largest magnitude (float32 sums taken in another order), as the
    # zoo's ONNX parity of unbounded outputs (ms_export.export_network's scaled_tolerance)
    expected = workload.generate()
    np.testing.assert_allclose(twin.generate(), expected, rtol=0, atol=1e-5 * max(1.0, np.abs(expected).max()))
    # Two iterations: the second starts from both Adams' first updates and the first EMA step.
    for _ in range(2):
        expected = workload.train_step()
        got = twin.train_step()
        np.testing.assert_allclose(got, expected, rtol=1e-4)
    # Adam with β1 = 0 moves every weight by ~lr·sign(g) at first: float32 rounding of gradients near zero
    # shows as differences ≪ lr afterwards.
    np.testing.assert_allclose(twin.generate(), workload.generate(), rtol=0, atol=1e-4)
    critic = workload.networks["D"]
    reals, _, _, _, alpha = benchmark_inputs(BATCH, SCALE, LATENT_TINY)
    import mindspore as ms
    with torch.no_grad():
        scores = twin.twin.critic(torch.from_numpy(reals), torch.from_numpy(alpha)).numpy()
    np.testing.assert_allclose(scores, critic(ms.Tensor(reals), ms.Tensor(alpha)).asnumpy(), rtol=1e-3, atol=1e-4)


def test_the_mixing_weights_change_the_twin_s_critic_loss():
    """The penalty counts in the twin's L_D (so the equal losses above include it on both sides): other
    mixing weights, same everything else, give another loss."""
    twin = TorchPGAN(BATCH, scale=SCALE, depth=DEPTH_TINY, latent_dim=LATENT_TINY).twin
    reals, d_noise, mix, _, alpha = (torch.from_numpy(v) for v in benchmark_inputs(BATCH, SCALE, LATENT_TINY))
    other_mix = torch.from_numpy(np.random.default_rng(9).uniform(0, 1, tuple(mix.shape)).astype(np.float32))
    state = {k: v.clone() for k, v in twin.critic.state_dict().items()}
    loss_same = float(twin.critic_step(reals, d_noise, mix, alpha))
    twin.critic.load_state_dict(state)
    loss_other = float(twin.critic_step(reals, d_noise, other_mix, alpha))
    assert abs(loss_other - loss_same) > 1e-3 * abs(loss_same)


def test_missing_or_misshapen_parameters_are_errors():
    generator = Generator(DEPTH_TINY, 2, LATENT_TINY)
    arrays = {name: value.numpy() for name, value in generator.state_dict().items()}
    with pytest.raises(ValueError, match="no counterpart"):
        load_reference_arrays(generator, {"generator.to_rgb.0.bias": np.zeros(5)})
    arrays.pop("blocks.0.conv1.conv.weight")
    with pytest.raises(ValueError, match="not given"):
        load_reference_arrays(generator, arrays)


@pytest.mark.slow
def test_pgan_benchmark_row_at_scale_32(tmp_path):
    """One round of the PGAN-32 row as README measures it (batch 16, reference widths, 2 threads)."""
    import json
    import subprocess
    import sys
    from utils.bench.harness import ZOO_ROOT

    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "-m", "utils.bench", "--models", "PGAN-32", "--configs", "ms-fast", "--threads", "2",
         "--rounds", "1", "--steps", "1", "--infer-repeats", "1", "--json", str(out), "--workdir", str(tmp_path)],
        cwd=ZOO_ROOT, capture_output=True, text=True, timeout=3600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(out.read_text())
    assert report["settings"]["models"] == {"PGAN-32": {"framework": "mindspore", "batch": 16,
                                                        "options": {"scale": 32}}}
    runtimes = report["models"]["PGAN-32"]
    assert tuple(runtimes) == ("ms-fast", "torch", "onnxruntime", "openvino")
    assert runtimes["ms-fast"]["info"]["fast_cells"] == 22  # G 7 + 4 to_rgb, D 4 from_rgb + 6 + 1 (convolutions)
    for name in ("ms-fast", "torch"):
        assert 0 < runtimes[name]["train_step_s"] < 1800 and runtimes[name]["train_time_vs_torch"] > 0
    assert all(entry["infer_s"] > 0 for entry in runtimes.values())
