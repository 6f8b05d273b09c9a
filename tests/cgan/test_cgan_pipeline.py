"""CGAN end to end on IDX fixtures: train script → checkpoints → resume → eval → export → ONNX Runtime."""
import gzip
import json
import os
import re

import numpy as np
import pytest

from conftest import ZOO_ROOT, error_lines, run_bash, run_python, write_mnist_folder

CGAN = os.path.join(ZOO_ROOT, "CGAN")
SCRIPTS = os.path.join(CGAN, "scripts")
TRAIN_FLAGS = ["--epochs", "2", "--batch_size", "8", "--validation_size", "40", "--log_interval", "5",
               "--save_interval", "1", "--seed", "7"]
EVAL_FLAGS = ["--validation_size", "40", "--num_samples", "100", "--eval_batch_size", "50"]


def read_metrics(run_dir):
    with open(os.path.join(run_dir, "metrics.jsonl")) as handle:
        return [json.loads(line) for line in handle]


def step_losses(records, epoch):
    return [(r["loss_d"], r["loss_g"]) for r in records if r["epoch"] == epoch and "loss_d" in r]


def assert_one_line_error(result, *fragments):
    assert result.returncode != 0
    lines = error_lines(result.stderr)
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr[-2000:]
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture(scope="module")
def trained_run(tmp_path_factory, mnist_idx_dir):
    run_dir = str(tmp_path_factory.mktemp("cgan") / "run")
    result = run_bash(os.path.join(SCRIPTS, "run_standalone_train_cpu.sh"), mnist_idx_dir, run_dir, *TRAIN_FLAGS)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return run_dir


def test_training_writes_checkpoints_logs_and_images(trained_run):
    for name in ("ckpt/step_00000015/G.ckpt", "ckpt/step_00000015/D.ckpt", "ckpt/step_00000015/train_state.ckpt",
                 "ckpt/step_00000030/G.ckpt", "ckpt/step_00000030/D.ckpt", "ckpt/step_00000030/train_state.ckpt",
                 "ckpt/step_00000015/G_ema.ckpt", "ckpt/step_00000030/G_ema.ckpt",
                 "ckpt/latest", "images/step_00000015.png", "images/step_00000030.png", "loss_curve.png",
                 "config.yaml", "metrics.jsonl", "log/train_rank_0.log"):
        assert os.path.isfile(os.path.join(trained_run, name)), name
    with open(os.path.join(trained_run, "log", "train_rank_0.log")) as handle:
        log = handle.read()
    assert re.search(r"^\[2/2\]\[15/15\] Loss_D: \d+\.\d{4} Loss_G: \d+\.\d{4} time/step: \d+\.\d{3} s$", log, re.M)
    records = read_metrics(trained_run)
    assert len(step_losses(records, 1)) == 3 and all(np.isfinite(step_losses(records, 2)).ravel())


@pytest.mark.slow  # exact resume is the contract suite's (tests/contract); this one reads the losses
def test_resume_repeats_the_uninterrupted_losses(trained_run, mnist_idx_dir, tmp_path):
    run_dir = str(tmp_path / "interrupted")
    flags = [f if f != "2" else "1" for f in TRAIN_FLAGS[:2]] + TRAIN_FLAGS[2:]
    first = run_python(os.path.join(CGAN, "train.py"), "--data_path", mnist_idx_dir, "--output_path", run_dir, *flags)
    assert first.returncode == 0, first.stderr[-2000:]
    with open(os.path.join(run_dir, "metrics.jsonl"), "a") as handle:  # what a crash in epoch 2 leaves
        handle.write(json.dumps({"epoch": 2, "step": 20, "loss_d": 9.0, "loss_g": 9.0}) + "\n")
    resumed = run_python(os.path.join(CGAN, "train.py"), "--data_path", mnist_idx_dir, "--output_path", run_dir,
                         *TRAIN_FLAGS, "--resume", "true")
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert "resumed from" in resumed.stdout
    expected, found = step_losses(read_metrics(trained_run), 2), step_losses(read_metrics(run_dir), 2)
    assert len(found) == 3
    np.testing.assert_allclose(found, expected, rtol=1e-6)


def test_a_fresh_run_never_overwrites_existing_checkpoints(trained_run, mnist_idx_dir):
    path = os.path.join(trained_run, "ckpt", "step_00000015", "G.ckpt")
    before = (os.path.getmtime(path), os.path.getsize(path))
    result = run_python(os.path.join(CGAN, "train.py"), "--data_path", mnist_idx_dir, "--output_path", trained_run,
                        *TRAIN_FLAGS)
    assert_one_line_error(result, "holds a previous run")
    assert (os.path.getmtime(path), os.path.getsize(path)) == before


@pytest.mark.parametrize("flags, fragment", [
    (["--data_path", "/no/such/mnist"], "not a folder"),
    (["--output_path", os.path.join(ZOO_ROOT, "pytest.ini", "run")], "cannot be created"),
])
def test_bad_training_inputs_fail_with_one_line(tmp_path, mnist_idx_dir, flags, fragment):
    args = ["--data_path", mnist_idx_dir, "--output_path", str(tmp_path / "run"), *TRAIN_FLAGS, *flags]
    assert_one_line_error(run_python(os.path.join(CGAN, "train.py"), *args), fragment)


def test_a_truncated_idx_file_fails_training_with_one_line(tmp_path):
    folder = write_mnist_folder(str(tmp_path / "mnist"), train_count=60, test_count=10, compress=True)
    path = os.path.join(folder, "train-images-idx3-ubyte.gz")
    with gzip.open(path, "rb") as handle:
        data = handle.read()
    with gzip.open(path, "wb") as handle:
        handle.write(data[:-100])
    result = run_python(os.path.join(CGAN, "train.py"), "--data_path", folder, "--output_path", str(tmp_path / "run"),
                        "--validation_size", "10")
    assert_one_line_error(result, path, "holds 46940 data bytes, expected 47040")
    assert not os.path.exists(tmp_path / "run" / "ckpt" / "latest")


@pytest.mark.parametrize("flags, fragment", [
    (["--epochs", "two"], "invalid int value"),
    (["--device_target", "TPU"], "invalid choice"),
    (["--resume", "maybe"], "expected true or false"),
])
def test_invalid_flags_are_rejected_by_the_parser(flags, fragment, tmp_path):
    result = run_python(os.path.join(CGAN, "train.py"), "--output_path", str(tmp_path), *flags)
    assert_one_line_error(result, fragment)


def test_the_averaged_generator_is_a_generator_checkpoint_apart_from_g(trained_run):
    from utils.zoo_common.ms_checkpoint import MODEL_TAG_KEY, read_checkpoint
    folder = os.path.join(trained_run, "ckpt", "step_00000030")
    generator, average = (read_checkpoint(os.path.join(folder, name)) for name in ("G.ckpt", "G_ema.ckpt"))
    assert str(average[MODEL_TAG_KEY]) == str(generator[MODEL_TAG_KEY]) == "CGAN.generator"
    assert sorted(average) == sorted(generator)
    for name in (k for k in generator if k.endswith("weight")):
        difference = np.abs(average[name].asnumpy() - generator[name].asnumpy()).max()
        assert 0 < difference < np.abs(generator[name].asnumpy()).max(), name


@pytest.fixture(scope="module")
def evaluated_run(trained_run, mnist_idx_dir):
    """eval of the step folder: its averaged generator."""
    result = run_bash(os.path.join(SCRIPTS, "run_eval_cpu.sh"), os.path.join(trained_run, "ckpt", "step_00000030"),
                      mnist_idx_dir, trained_run, *EVAL_FLAGS)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "parzen_test40: Parzen log-likelihood" in result.stdout
    with open(os.path.join(trained_run, "eval", "parzen_test40.json")) as handle:
        return json.load(handle)


def test_eval_writes_the_parzen_result_and_grid(evaluated_run, trained_run):
    assert evaluated_run["protocol"] == "paper" and evaluated_run["test_size"] == 40
    assert evaluated_run["validation_size"] == 40 and evaluated_run["num_samples"] == 100
    assert np.isfinite(evaluated_run["mean"]) and evaluated_run["se"] > 0
    assert evaluated_run["sigma"] in evaluated_run["sigma_grid"]
    assert evaluated_run["generator"].endswith(os.path.join("step_00000030", "G_ema.ckpt"))
    assert os.path.isfile(os.path.join(trained_run, "eval", "samples.png"))


def test_eval_writes_gan_test_and_gan_train_beside_parzen(evaluated_run, trained_run):
    results = {}
    for name in ("gan_test100", "gan_train100_test40"):
        with open(os.path.join(trained_run, "eval", f"{name}.json")) as handle:
            results[name] = json.load(handle)
        assert 0 <= results[name]["accuracy"] <= 1 and len(results[name]["per_class"]) == 10
    assert results["gan_test100"]["num_samples"] == 100 and results["gan_test100"]["real_test_size"] == 40
    assert 0.5 < results["gan_test100"]["classifier_real_test_accuracy"] <= 1


def test_eval_rejects_a_discriminator_checkpoint(trained_run, mnist_idx_dir):
    result = run_python(os.path.join(CGAN, "eval.py"), "--ckpt_path", os.path.join(trained_run, "ckpt", "step_00000030", "D.ckpt"),
                        "--data_path", mnist_idx_dir, "--output_path", trained_run, *EVAL_FLAGS)
    assert_one_line_error(result, "holds CGAN.discriminator, expected CGAN.generator")


def test_eval_rejects_missing_and_corrupt_checkpoints(trained_run, mnist_idx_dir, tmp_path):
    corrupt = tmp_path / "G_9.ckpt"
    corrupt.write_bytes(b"not a checkpoint")
    for path, fragment in ((str(tmp_path / "G_404.ckpt"), "does not exist"),
                           (str(corrupt), "not a readable MindSpore checkpoint")):
        result = run_python(os.path.join(CGAN, "eval.py"), "--ckpt_path", path, "--data_path", mnist_idx_dir,
                            "--output_path", str(tmp_path), *EVAL_FLAGS)
        assert_one_line_error(result, fragment)


@pytest.fixture(scope="module")
def exported(trained_run):
    result = run_python(os.path.join(CGAN, "export.py"), "--output_path", trained_run, "--eval_batch_size", "20")
    assert result.returncode == 0, result.stderr[-2000:]
    return os.path.join(trained_run, "export")


def test_export_writes_mindir_and_onnx_equal_to_mindspore(exported, trained_run):
    import mindspore as ms
    import onnx
    from CGAN.src.evaluate import evaluation_inputs
    from CGAN.src.generator_spec import generator_spec
    from CGAN.src.model import Generator
    from utils.zoo_common.ms_checkpoint import load_checkpoint_into
    from utils.zoo_common.onnx_session import OnnxGenerator

    assert os.path.getsize(os.path.join(exported, "CGAN.mindir")) > 5_000_000
    model = onnx.load(os.path.join(exported, "CGAN.onnx"))
    onnx.checker.check_model(model)
    assert [d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim] == [20, 100]
    assert [node.op_type for node in model.graph.node].count("ConvTranspose") == 3  # the 1×1 one is a MatMul
    ms.set_context(mode=ms.GRAPH_MODE)
    generator = Generator()
    load_checkpoint_into(generator, os.path.join(trained_run, "ckpt", "step_00000030", "G_ema.ckpt"), "CGAN.generator")
    generator.set_train(False)
    noise, labels = evaluation_inputs(20, seed=123)
    expected = generator(ms.Tensor(noise), ms.Tensor(labels)).asnumpy()
    found = OnnxGenerator(os.path.join(exported, "CGAN.onnx"), generator_spec())(noise, labels)
    assert found.shape == (20, 1, 32, 32)
    assert np.abs(found - expected).max() <= 1e-5


def test_onnx_inference_reproduces_the_mindspore_evaluation(exported, evaluated_run, trained_run, mnist_idx_dir):
    result = run_bash(os.path.join(SCRIPTS, "run_infer_onnx.sh"), os.path.join(exported, "CGAN.onnx"),
                      mnist_idx_dir, trained_run, "CPU", *EVAL_FLAGS)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    with open(os.path.join(trained_run, "infer_onnx", "parzen_test40.json")) as handle:
        onnx_result = json.load(handle)
    assert onnx_result["sigma"] == evaluated_run["sigma"]
    assert onnx_result["mean"] == pytest.approx(evaluated_run["mean"], abs=1e-3)


def test_infer_onnx_rejects_a_missing_model(tmp_path):
    result = run_python(os.path.join(CGAN, "infer_onnx.py"), "--onnx_path", str(tmp_path / "none.onnx"),
                        "--output_path", str(tmp_path))
    assert_one_line_error(result, "does not exist")


def test_a_diverging_run_stops_with_one_line_and_writes_no_checkpoint(mnist_idx_dir, tmp_path):
    result = run_python(os.path.join(CGAN, "train.py"), "--data_path", mnist_idx_dir, "--output_path",
                        str(tmp_path / "run"), "--epochs", "1", "--batch_size", "8", "--validation_size", "40",
                        "--log_interval", "1", "--lr", "1e30")
    assert_one_line_error(result, "loss is not finite at step", "last good checkpoint: none")
    assert os.listdir(tmp_path / "run" / "ckpt") == []
