"""Argument checking of every CGAN script (the runs themselves are exercised by the pipeline tests)."""
import os

import pytest

from conftest import ZOO_ROOT, run_bash

SCRIPTS = os.path.join(ZOO_ROOT, "CGAN", "scripts")
ALL_SCRIPTS = sorted(name for name in os.listdir(SCRIPTS) if name.startswith("run_") and name.endswith(".sh"))


def test_every_device_variant_exists():
    expected = {f"run_{kind}_{device}.sh" for kind in ("standalone_train", "distributed_train", "eval")
                for device in ("ascend", "gpu", "cpu")} | {"run_infer_onnx.sh", "run_infer_310.sh"}
    assert expected == set(ALL_SCRIPTS)


@pytest.mark.parametrize("script", ALL_SCRIPTS)
def test_no_arguments_prints_the_usage_line_and_fails(script):
    result = run_bash(os.path.join(SCRIPTS, script))
    assert result.returncode == 1
    assert result.stderr.startswith(f"usage: bash {script} [")
    assert result.stderr.count("\n") == 2 and "error: expected" in result.stderr


@pytest.mark.parametrize("script, args, message", [
    ("run_standalone_train_gpu.sh", ["embedded", "out", "first"], "DEVICE_ID must be a device index"),
    ("run_standalone_train_ascend.sh", ["/no/such/dir", "out", "0"], "DATA_PATH '/no/such/dir' is not a directory"),
    ("run_distributed_train_cpu.sh", ["embedded", "out", "0"], "WORKER_NUM must be a positive integer"),
    ("run_distributed_train_gpu.sh", ["embedded", "out", "two"], "DEVICE_NUM must be a positive integer"),
    ("run_distributed_train_ascend.sh", ["embedded", "out", "/no/table.json", "8"], "RANK_TABLE_FILE"),
    ("run_eval_cpu.sh", ["/no/G_1.ckpt", "embedded", "out"], "CKPT_PATH '/no/G_1.ckpt' is not a file"),
    ("run_eval_gpu.sh", [os.path.join(ZOO_ROOT, "README.md"), "embedded", "out", "-1"], "DEVICE_ID"),
    ("run_infer_onnx.sh", [os.path.join(ZOO_ROOT, "README.md"), "embedded", "out", "TPU"], "DEVICE_TARGET must be CPU or GPU"),
])
def test_bad_arguments_are_named(script, args, message, tmp_path):
    args = [str(tmp_path / "out") if arg == "out" else arg for arg in args]
    result = run_bash(os.path.join(SCRIPTS, script), *args)
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert not os.path.exists(tmp_path / "out")


def test_a_failing_step_keeps_its_exit_status(tmp_path):
    result = run_bash(os.path.join(SCRIPTS, "run_eval_cpu.sh"), os.path.join(ZOO_ROOT, "README.md"), "embedded",
                      tmp_path / "run")
    assert result.returncode == 1
    assert result.stderr.startswith("error: step failed (exit 1)")
    assert "not a readable MindSpore checkpoint" in result.stderr


@pytest.mark.parametrize("script, target, args", [
    ("run_standalone_train_ascend.sh", "Ascend", ["embedded", "RUN", "0", "--epochs", "1"]),
    ("run_eval_gpu.sh", "GPU", [os.path.join(ZOO_ROOT, "README.md"), "embedded", "RUN", "0"]),
])
def test_device_scripts_reach_mindspore_and_name_a_missing_device(script, target, args, tmp_path):
    """The zoo's pinned MindSpore is the CPU build: GPU/Ascend runs must stop with one clear line."""
    args = [str(tmp_path / "run") if arg == "RUN" else arg for arg in args]
    result = run_bash(os.path.join(SCRIPTS, script), *args)
    assert result.returncode == 1
    assert f"error: device_target {target} cannot be used here: Unsupported device target {target}" in result.stderr
