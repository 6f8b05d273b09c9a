"""The BigGAN shell scripts: usage lines on wrong arguments, and (slow) every script end to end."""
import json
import os
import subprocess

import pytest

from biggan_fixtures import MODEL_DIR, PYTHON, SUBPROCESS_ENV, synthetic_batches, tiny_args, write_mat

SCRIPTS = os.path.join(MODEL_DIR, "scripts")


def _bash(script, *args, cwd=None):
    return subprocess.run(["bash", os.path.join(SCRIPTS, script)] + [str(a) for a in args], capture_output=True,
                          text=True, env=SUBPROCESS_ENV, cwd=cwd, timeout=600)


@pytest.mark.parametrize("script, args, message", [
    ("run_standalone_train_cpu.sh", [], "expected DATA_PATH and OUTPUT_PATH"),
    ("run_standalone_train_gpu.sh", ["/tmp", "/tmp/o"], "expected DATA_PATH, OUTPUT_PATH and DEVICE_ID"),
    ("run_standalone_train_ascend.sh", ["/tmp", "/tmp/o", "x"], "DEVICE_ID must be a device index, got 'x'"),
    ("run_standalone_train_cpu.sh", ["/nonexistent", "/tmp/o"], "DATA_PATH '/nonexistent' is not a directory"),
    ("run_eval_cpu.sh", ["a", "b"], "expected CKPT_PATH, DATA_PATH, INCEPTION_PB and OUTPUT_PATH"),
    ("run_eval_gpu.sh", ["a", "b", "c", "d"], "expected CKPT_PATH, DATA_PATH, INCEPTION_PB, OUTPUT_PATH and DEVICE_ID"),
    ("run_eval_ascend.sh", ["/tmp", "/tmp", "none", "/tmp/o", "-1"], "DEVICE_ID must be a device index, got '-1'"),
    ("run_infer_onnx.sh", ["/nonexistent.onnx", "/tmp", "none", "/tmp/o"],
     "ONNX_PATH '/nonexistent.onnx' is not a file"),
    ("run_infer_310.sh", [], "expected MODEL_PATH and OUTPUT_PATH"),
    ("run_infer_310.sh", [__file__, "/tmp/o", "GPU"], "DEVICE_TARGET must be CPU or Ascend310, got 'GPU'"),
])
def test_wrong_arguments_print_the_usage_line(script, args, message, tmp_path):
    result = _bash(script, *args, cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(f"usage: bash {script} [") and lines[-1] == f"error: {message}"


@pytest.mark.slow
def test_scripts_end_to_end(tmp_path):
    data = write_mat(str(tmp_path / "data"), synthetic_batches(per_file=4))
    run_dir = tmp_path / "run"
    flags = tiny_args(data, str(run_dir), steps=2)[2:]  # data/output are positional
    done = _bash("run_standalone_train_cpu.sh", data, run_dir, *flags, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Loss_D" in (run_dir / "train_console.log").read_text() and (run_dir / "ckpt" / "latest").exists()
    done = _bash("run_eval_cpu.sh", run_dir, data, "none", tmp_path / "eval", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "eval" / "images" / "eval_classes.png").exists()
    export = subprocess.run([PYTHON, os.path.join(MODEL_DIR, "export.py"), f"--ckpt_path={run_dir}",
                             f"--export_dir={tmp_path / 'export'}"], capture_output=True, text=True, env=SUBPROCESS_ENV, timeout=300)
    assert export.returncode == 0, export.stderr
    onnx_path = tmp_path / "export" / "biggan_generator.onnx"
    done = _bash("run_infer_onnx.sh", onnx_path, data, "none", tmp_path / "onnx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = _bash("run_infer_310.sh", tmp_path / "export" / "biggan_generator.pb", tmp_path / "cpp", "CPU",
                 "--infer_count=6", "--infer_batch=3", "--metrics=", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(os.listdir(tmp_path / "cpp" / "images")) == 6
    assert "NN inference cost average time" in (tmp_path / "cpp" / "time_Result" / "test_perform_static.txt").read_text()
    with open(tmp_path / "cpp" / "eval_metrics.jsonl") as handle:
        assert json.loads(handle.readline())["source"].endswith("result")


def test_readme_documents_every_config_key_and_script():
    from utils.zoo_common.config import read_yaml_mapping
    with open(os.path.join(MODEL_DIR, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    defaults = read_yaml_mapping(os.path.join(MODEL_DIR, "default_config.yaml"), "config")
    assert [key for key in defaults if f"| `{key}` |" not in readme] == []
    assert [name for name in os.listdir(SCRIPTS) if f"`{name}`" not in readme] == []
