"""The PyTorch DCGAN twin computes what the zoo's MindSpore DCGAN computes, from the same weights: the benchmark
workloads' generator, discriminator and training step (D then G, CPU fast path) agree."""
import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="PyTorch is a benchmark-only dependency (utils/bench/requirements.txt)")

from utils.bench.dcgan_setup import benchmark_inputs  # noqa: E402
from utils.bench.torch_dcgan import DCGANTwin, Discriminator, Generator, load_reference_arrays  # noqa: E402

WIDTH, BATCH = 16, 4


@pytest.fixture(scope="module")
def pair():
    """The MindSpore benchmark workload (fast path, width 16) and a twin holding its initial weights."""
    import mindspore as ms
    ms.set_context(mode=ms.GRAPH_MODE)
    ms.set_device("CPU")
    from utils.bench.ms_dcgan import MindSporeDCGAN
    from utils.zoo_common.ms_gan_state import DISCRIMINATOR_PREFIX, GENERATOR_PREFIX

    workload = MindSporeDCGAN(BATCH, fast_path=True, ngf=WIDTH, ndf=WIDTH)
    assert workload.fast_cells > 0
    twin = DCGANTwin(WIDTH, WIDTH)
    for module, net, prefix in ((twin.generator, workload.generator, GENERATOR_PREFIX),
                                (twin.discriminator, workload.discriminator, DISCRIMINATOR_PREFIX)):
        load_reference_arrays(module, {p.name.removeprefix(prefix): p.asnumpy() for p in net.get_parameters()})
    return workload, twin


def test_parameter_counts_at_the_reference_width_are_the_zoo_s():
    with torch.device("meta"):  # shapes only
        networks = Generator(), Discriminator()
    assert [sum(p.numel() for p in net.parameters()) for net in networks] == [3_448_576, 2_637_312]


def test_same_weights_give_the_same_images_logits_and_training_steps(pair):
    workload, twin = pair
    images, noise = (torch.from_numpy(value) for value in benchmark_inputs(BATCH))
    np.testing.assert_allclose(twin.generate(noise), workload.generate(), rtol=0, atol=1e-5)
    # Two training steps: losses on batch statistics, then after both Adam updates (D's first, G's against it).
    for _ in range(2):
        expected = workload.train_step()
        got = [float(loss) for loss in twin.train_step(images, noise)]
        np.testing.assert_allclose(got, expected, rtol=1e-4)
    workload.discriminator.set_train(False)
    with torch.no_grad():
        twin.discriminator.eval()
        twin_logits = twin.discriminator(images).numpy()
    np.testing.assert_allclose(twin_logits, workload.discriminator(workload.images).asnumpy(), rtol=1e-3, atol=1e-4)


def test_missing_or_misshapen_parameters_are_errors():
    generator = Generator(WIDTH)
    arrays = {name: value.numpy() for name, value in generator.state_dict().items()}
    with pytest.raises(ValueError, match="no counterpart"):
        load_reference_arrays(generator, {"generator.1.gamma": np.zeros(3)})
    arrays.pop("generator.0.weight")
    with pytest.raises(ValueError, match="not given"):
        load_reference_arrays(generator, arrays)


@pytest.mark.slow
def test_dcgan_benchmark_row_at_batch_128(tmp_path):
    """One round of the DCGAN row as README measures it (batch 128, reference widths, 2 threads)."""
    import json
    import subprocess
    import sys
    from utils.bench.harness import ZOO_ROOT

    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "-m", "utils.bench", "--models", "DCGAN", "--configs", "ms-fast", "--threads", "2",
         "--rounds", "1", "--steps", "1", "--infer-repeats", "1", "--json", str(out), "--workdir", str(tmp_path)],
        cwd=ZOO_ROOT, capture_output=True, text=True, timeout=1800, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(out.read_text())
    assert report["settings"]["models"] == {"DCGAN": {"framework": "mindspore", "batch": 128, "options": {}}}
    runtimes = report["models"]["DCGAN"]
    assert tuple(runtimes) == ("ms-fast", "torch", "onnxruntime", "openvino")
    assert runtimes["ms-fast"]["info"]["fast_cells"] == 16  # 8 convolutions, 3 LeakyReLU, 5 BatchNorm
    for name in ("ms-fast", "torch"):
        assert 0 < runtimes[name]["train_step_s"] < 600 and runtimes[name]["train_time_vs_torch"] > 0
    assert all(entry["infer_s"] > 0 for entry in runtimes.values())
    assert [line.split("|")[2].strip() for line in result.stdout.splitlines() if line.startswith("| DCGAN ")] == \
        list(runtimes)
