"""The BigGAN shell scripts: usage and bad arguments, DRY_RUN, one real failure, and (slow) every script end to end."""
import os
import shlex
import subprocess

import pytest

from biggan_fixtures import MODEL_DIR, PYTHON, SUBPROCESS_ENV, synthetic_batches, tiny_args, write_mat

SCRIPTS = os.path.join(MODEL_DIR, "scripts")
ALL_SCRIPTS = sorted(name for name in os.listdir(SCRIPTS) if name.startswith("run_") and name.endswith(".sh"))
A_FILE = os.path.join(MODEL_DIR, "README.md")  # any existing file: DRY_RUN reads no model or checkpoint


def _bash(script, *args, cwd=None, env=None):
    return subprocess.run(["bash", os.path.join(SCRIPTS, script)] + [str(a) for a in args], capture_output=True,
                          text=True, env=dict(SUBPROCESS_ENV, **(env or {})), cwd=cwd, timeout=600)


@pytest.mark.parametrize("script, args, message", [
    ("run_standalone_train_cpu.sh", [], "expected DATA_PATH and OUTPUT_PATH"),
    ("run_standalone_train_gpu.sh", ["/tmp", "/tmp/o"], "expected DATA_PATH, OUTPUT_PATH and DEVICE_ID"),
    ("run_standalone_train_ascend.sh", ["/tmp", "/tmp/o", "x"], "DEVICE_ID must be a device index (0, 1, ...), got 'x'"),
    ("run_standalone_train_cpu.sh", ["/nonexistent", "/tmp/o"], "DATA_PATH '/nonexistent' is not a directory"),
    ("run_eval_cpu.sh", ["a", "b"], "expected CKPT_PATH, DATA_PATH, INCEPTION_PB and OUTPUT_PATH"),
    ("run_eval_gpu.sh", ["a", "b", "c", "d"], "expected CKPT_PATH, DATA_PATH, INCEPTION_PB, OUTPUT_PATH and DEVICE_ID"),
    ("run_eval_ascend.sh", ["/tmp", "/tmp", "none", "/tmp/o", "-1"], "DEVICE_ID must be a device index (0, 1, ...), got '-1'"),
    ("run_eval_cpu.sh", ["/tmp", "/tmp", "/no/inception.pb", "/tmp/o"], "INCEPTION_PB '/no/inception.pb' is not a file"),
    ("run_infer_onnx.sh", ["/nonexistent.onnx", "/tmp", "none", "/tmp/o"],
     "ONNX_PATH '/nonexistent.onnx' does not exist"),
    ("run_infer_310.sh", [], "expected MODEL_PATH and OUTPUT_PATH"),
    ("run_infer_310.sh", [__file__, "/tmp/o", "GPU"], "DEVICE_TARGET must be CPU or Ascend310, got 'GPU'"),
    ("run_infer_310.sh", [__file__, "/tmp/o", "Ascend310"], f"Ascend310 needs the frozen .pb (ATC converts it), got '{__file__}'"),
    ("run_infer_310.sh", [__file__, "/tmp/o", "CPU", "x"], "DEVICE_ID must be a device index (0, 1, ...), got 'x'"),
])
def test_wrong_arguments_print_the_usage_line_and_one_error(script, args, message, tmp_path):
    result = _bash(script, *args, cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [result.stderr.splitlines()[0], f"error: {message}"]
    assert result.stderr.startswith(f"usage: bash {script} [")


@pytest.mark.parametrize("script", ALL_SCRIPTS)
def test_no_arguments_and_help(script, tmp_path):
    result = _bash(script, cwd=tmp_path)
    assert result.returncode == 1 and result.stderr.splitlines()[-1].startswith("error: expected ")
    result = _bash(script, "-h", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "") and result.stdout.startswith(f"usage: bash {script} [")


DRY_RUN_CASES = {
    "run_standalone_train_cpu.sh": (["DATA", "RUN", "--steps=2"], [["train.py", "--chip", "cpu"]]),
    "run_standalone_train_gpu.sh": (["DATA", "RUN", "3"], [["CUDA_VISIBLE_DEVICES=3", "train.py", "--chip", "gpu"]]),
    "run_standalone_train_ascend.sh": (["DATA", "RUN", "3"], [["DEVICE_ID=3", "ASCEND_DEVICE_ID=3", "train.py",
                                                               "--chip", "npu"]]),
    "run_eval_cpu.sh": ([A_FILE, "DATA", "none", "RUN"], [["eval.py", "--chip", "cpu", "--metrics", ""]]),
    "run_eval_gpu.sh": ([A_FILE, "DATA", A_FILE, "RUN", "1"], [["CUDA_VISIBLE_DEVICES=1", "eval.py", "--inception_pb"]]),
    "run_eval_ascend.sh": ([A_FILE, "DATA", "none", "RUN", "1"], [["ASCEND_DEVICE_ID=1", "eval.py", "--chip", "npu"]]),
    "run_infer_onnx.sh": ([A_FILE, "DATA", "none", "RUN"], [["infer_onnx.py", "--onnx_path", "README.md"]]),
    "run_infer_310.sh": ([A_FILE + ".pb", "RUN", "Ascend310", "2", "--infer_batch=4"],
                        [["preprocess.py", "--infer_batch=4", "--infer_dir"], ["atc", "--soc_version=Ascend310"],
                         ["msame", "--device", "2"], ["postprocess.py", "--infer_batch=4", "--infer_dir"]]),
}


@pytest.mark.parametrize("script", sorted(DRY_RUN_CASES))
def test_dry_run_prints_the_commands_and_runs_nothing(script, tmp_path):
    args, expected = DRY_RUN_CASES[script]
    (tmp_path / "data").mkdir()
    if script == "run_infer_310.sh":
        (tmp_path / "README.md.pb").write_text("")
        args = [str(tmp_path / "README.md.pb")] + args[1:]
    args = [{"DATA": tmp_path / "data", "RUN": tmp_path / "run"}.get(arg, arg) for arg in args]
    result = _bash(script, *args, env={"DRY_RUN": "1"})
    assert result.returncode == 0, result.stderr
    commands = [shlex.split(line[len("running: "):]) for line in result.stdout.splitlines()]
    assert all(line.startswith("running: ") for line in result.stdout.splitlines())
    assert len(commands) == len(expected)
    for words, wanted in zip(commands, expected):
        names = [os.path.basename(word) if word.startswith("/") else word for word in words]
        assert all(word in names for word in wanted), (wanted, words)
    assert not os.path.exists(tmp_path / "run")


def test_dry_run_covers_every_script():
    assert set(DRY_RUN_CASES) == set(ALL_SCRIPTS)


def test_a_bad_flag_ends_the_script_with_the_entry_points_error_line(tmp_path):
    data = write_mat(str(tmp_path / "data"), synthetic_batches(per_file=2))
    result = _bash("run_standalone_train_cpu.sh", data, tmp_path / "run", "--batch_size", "1.5", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "error: argument --batch_size/-b: invalid int value: '1.5'"
    assert sum(line.startswith("error: ") for line in result.stderr.splitlines()) == 1


@pytest.mark.slow
def test_scripts_end_to_end(tmp_path):
    data = write_mat(str(tmp_path / "data"), synthetic_batches(per_file=4))
    run_dir = tmp_path / "run"
    flags = tiny_args(data, str(run_dir), steps=2)[2:]  # data/output are positional
    done = _bash("run_standalone_train_cpu.sh", data, run_dir, *flags, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Loss_D" in done.stdout and (run_dir / "ckpt" / "latest").exists()
    done = _bash("run_eval_cpu.sh", run_dir, data, "none", tmp_path / "eval", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "eval" / "eval" / "samples.png").exists()
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


def test_readme_documents_every_config_key_and_script():
    from utils.zoo_common.config import read_yaml_mapping
    with open(os.path.join(MODEL_DIR, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    defaults = read_yaml_mapping(os.path.join(MODEL_DIR, "default_config.yaml"), "config")
    assert [key for key in defaults if f"| `{key}` |" not in readme] == []
    assert [name for name in os.listdir(SCRIPTS) if f"`{name}`" not in readme] == []
