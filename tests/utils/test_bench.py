"""The benchmark harness end to end in quick mode (every model, every runtime, table and JSON well formed),
and the PyTorch BigGAN twin against BigGAN's TensorFlow graph: same parameter tensors and output shapes."""
import json
import math
import subprocess
import sys

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="PyTorch is a benchmark-only dependency (utils/bench/requirements.txt)")

from utils.bench.harness import ZOO_ROOT  # noqa: E402  (after the skip: no torch, no harness test)

RUNTIMES = {"CGAN": ("ms-fast", "torch", "onnxruntime", "openvino"),
            "BigGAN": ("tensorflow", "torch", "onnxruntime", "openvino")}
EXPORTED = ("onnxruntime", "openvino")


def _positive_finite(value):
    return isinstance(value, float) and math.isfinite(value) and value > 0


def test_quick_benchmark_writes_table_and_json(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "-m", "utils.bench", "--quick", "--models", *RUNTIMES, "--configs", "ms-fast",
         "--json", str(out), "--workdir", str(tmp_path / "work")],  # DCGAN's row: test_bench_torch_dcgan.py (slow)
        cwd=ZOO_ROOT, capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stderr[-3000:]

    report = json.loads(out.read_text())
    assert report["settings"]["rounds"] == 1 and report["settings"]["mindspore_configs"] == ["ms-fast"]
    assert report["settings"]["models"] == {
        "CGAN": {"framework": "mindspore", "batch": 4, "options": {}},
        "BigGAN": {"framework": "tensorflow", "batch": 4, "options": {"base_channel": 4}}}
    assert report["machine"]["logical_cores"] >= 1 and report["date"]
    assert tuple(report["models"]) == tuple(RUNTIMES)
    for model, runtimes in report["models"].items():
        assert tuple(runtimes) == RUNTIMES[model]
        for name, entry in runtimes.items():
            assert _positive_finite(entry["infer_s"]), (model, name)
            assert _positive_finite(entry["infer_throughput_vs_torch"]), (model, name)
            assert ("train_step_s" in entry) == (name not in EXPORTED), (model, name)
            if name not in EXPORTED:
                assert _positive_finite(entry["train_step_s"]), (model, name)
                assert _positive_finite(entry["train_time_vs_torch"]), (model, name)
                assert len(entry["train_rounds_s"]) == 1 and len(entry["train_rounds_s"][0]) == 1
        assert runtimes["torch"]["train_time_vs_torch"] == 1.0
        assert (tmp_path / "work" / f"{model}_generator.onnx").stat().st_size > 0
    assert report["models"]["CGAN"]["ms-fast"]["info"]["fast_cells"] > 0
    assert report["models"]["BigGAN"]["tensorflow"]["info"]["session_threads"]["intra_op"] == 2

    for model, runtimes in RUNTIMES.items():
        table = [line for line in result.stdout.splitlines() if line.startswith(f"| {model} ")]
        assert [line.split("|")[2].strip() for line in table] == list(runtimes)
    assert "BigGAN batch 4, base_channel 4;" in result.stdout


def test_models_option_selects_one_model():
    from utils.bench.__main__ import parse_args
    args = parse_args(["--models", "BigGAN", "--threads", "2"])
    assert args.models == ["BigGAN"] and args.batch is None and args.biggan_base_channel is None


def _tf_parameters(scope_variables):
    return sorted(int(np.prod(v.shape.as_list())) for v in scope_variables)


def _torch_parameters(module):
    return sorted(p.numel() for p in module.parameters())


def _u_vectors(module):
    return sum(1 for name, _ in module.named_buffers() if name.rsplit(".", 1)[-1] in ("u", "embedu"))


def test_torch_biggan_twin_matches_tensorflow_graph():
    from BigGAN.src import modes
    from BigGAN.src.discriminator import discriminator
    from BigGAN.src.generator import generator
    from BigGAN.src.spectral_norm import U_COLLECTION
    from BigGAN.src.tf_compat import tf
    from utils.bench.torch_biggan import Discriminator, Generator

    with torch.device("meta"):  # shapes only: no orthogonal initialisation of 20 M weights
        reference = Generator(96), Discriminator(96)
    assert [sum(_torch_parameters(net)) for net in reference] == [10_315_428, 9_937_442]

    z = np.random.RandomState(0).randn(3, 120).astype(np.float32)
    y = np.array([0, 4, 9], np.int32)
    twin_g, twin_d = Generator(4), Discriminator(4)
    with torch.no_grad():
        twin_images = twin_g(torch.from_numpy(z), torch.from_numpy(y).long(), modes.EVAL)
        twin_logits = twin_d(twin_images, torch.from_numpy(y).long(), modes.EVAL)
    with tf.Graph().as_default():
        images = generator(tf.constant(z), tf.constant(y), modes.TRAIN, base_channel=4)
        logits = discriminator(images, tf.constant(y), modes.TRAIN, base_channel=4)
        for scope, twin in (("generator/", twin_g), ("discriminator/", twin_d)):
            assert _torch_parameters(twin) == _tf_parameters(tf.trainable_variables(scope)), scope
            assert _u_vectors(twin) == len(tf.get_collection(U_COLLECTION, scope)), scope
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf_images, tf_logits = sess.run([images, logits])
    assert tuple(twin_images.permute(0, 2, 3, 1).shape) == tf_images.shape == (3, 32, 32, 3)
    assert tuple(twin_logits.shape) == tf_logits.shape == (3, 1)
