"""Every CGAN script: usage and bad arguments, DRY_RUN, and the ModelZoo reference's commands as written."""
import glob
import json
import os
import shlex
import shutil
import subprocess
import sys

import pytest

from conftest import ZOO_ROOT, run_bash, write_mnist_folder

CGAN = os.path.join(ZOO_ROOT, "CGAN")
SCRIPTS = os.path.join(CGAN, "scripts")
ALL_SCRIPTS = sorted(name for name in os.listdir(SCRIPTS) if name.startswith("run_") and name.endswith(".sh"))
A_FILE = os.path.join(ZOO_ROOT, "README.md")  # any existing file: DRY_RUN reads no model or checkpoint
TINY_EVAL = ["--validation_size", "40", "--num_samples", "100", "--eval_batch_size", "20"]


def script(name):
    return os.path.join(SCRIPTS, name)


def dry_run(name, *args):
    """The commands a script prints under DRY_RUN=1, as word lists (and the CompletedProcess)."""
    result = run_bash(script(name), *args, env={"DRY_RUN": "1"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith("running: ") for line in lines), result.stdout
    return [shlex.split(line[len("running: "):]) for line in lines]


def flag(words, name):
    return words[words.index(name) + 1]


def modelzoo_mnist(root):
    """The reference's layout: MNIST_Data/train/train-* and MNIST_Data/test/t10k-* (real digits)."""
    train = write_mnist_folder(os.path.join(root, "MNIST_Data", "train"))
    os.makedirs(os.path.join(root, "MNIST_Data", "test"))
    for name in glob.glob(os.path.join(train, "t10k-*")):
        shutil.move(name, os.path.join(root, "MNIST_Data", "test"))
    return os.path.join(root, "MNIST_Data")


def test_every_device_variant_exists():
    expected = {f"run_{kind}_{device}.sh" for kind in ("standalone_train", "distributed_train", "eval")
                for device in ("ascend", "gpu", "cpu")} | {"run_infer_onnx.sh", "run_onnx_eval_gpu.sh",
                                                           "run_infer_310.sh"}
    assert expected == set(ALL_SCRIPTS)


@pytest.mark.parametrize("name", ALL_SCRIPTS)
def test_no_arguments_prints_the_usage_line_and_one_error(name):
    result = run_bash(script(name))
    assert result.returncode == 1 and result.stdout == ""
    usage, error = result.stderr.splitlines()
    assert usage.startswith(f"usage: bash {name} [") and error.startswith("error: expected ")


@pytest.mark.parametrize("name", ALL_SCRIPTS)
def test_help_prints_the_usage_line(name):
    result = run_bash(script(name), "--help")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(f"usage: bash {name} [")


@pytest.mark.parametrize("name, args, message", [
    ("run_standalone_train_cpu.sh", ["--epochs", "1"], "expected DATA_PATH and OUTPUT_PATH"),
    ("run_standalone_train_gpu.sh", ["embedded", "out", "first"], "DEVICE_ID must be a device index (0, 1, ...), got 'first'"),
    ("run_standalone_train_ascend.sh", ["/no/such/dir", "out", "0"], "DATA_PATH '/no/such/dir' is not a directory"),
    ("run_distributed_train_cpu.sh", ["embedded", "out", "0"], "WORKER_NUM must be a positive integer, got '0'"),
    ("run_distributed_train_gpu.sh", ["embedded", "out", "two"], "DEVICE_NUM must be a positive integer, got 'two'"),
    ("run_distributed_train_gpu.sh", ["embedded", "out", "0,1", "4"], "CUDA_VISIBLE_DEVICES '0,1' names fewer than DEVICE_NUM=4"),
    ("run_distributed_train_gpu.sh", ["embedded", "out", "all", "4"], "CUDA_VISIBLE_DEVICES must be a list such as 0,1,2,3"),
    ("run_distributed_train_ascend.sh", ["embedded", "out", "/no/table.json", "8"], "RANK_TABLE_FILE '/no/table.json' is not a file"),
    ("run_eval_cpu.sh", ["/no/G_1.ckpt", "embedded", "out"], "CKPT_PATH '/no/G_1.ckpt' does not exist"),
    ("run_eval_gpu.sh", [A_FILE, "embedded", "out", "-1"], "DEVICE_ID must be a device index (0, 1, ...), got '-1'"),
    ("run_infer_onnx.sh", [A_FILE, "embedded", "out", "TPU"], "the 4th argument must be CPU, GPU or a GPU's DEVICE_ID, got 'TPU'"),
    ("run_onnx_eval_gpu.sh", ["/no/G.onnx", "embedded", "out", "0"], "ONNX_PATH '/no/G.onnx' does not exist"),
    ("run_infer_310.sh", [A_FILE, "TPU"], "the 2nd argument must be a DEVICE_TARGET"),
])
def test_bad_arguments_are_one_named_error(name, args, message, tmp_path):
    args = [str(tmp_path / "out") if arg == "out" else arg for arg in args]
    result = run_bash(script(name), *args)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[0].startswith("usage: ")
    assert result.stderr.splitlines()[1:] == [result.stderr.splitlines()[-1]]
    assert result.stderr.splitlines()[-1].startswith("error: " + message), result.stderr
    assert not os.path.exists(tmp_path / "out")


DRY_RUN_CASES = [
    ("run_standalone_train_cpu.sh", ["embedded", "RUN", "--epochs", "3"]),
    ("run_standalone_train_gpu.sh", ["embedded", "RUN", "0", "--epochs", "3"]),
    ("run_standalone_train_ascend.sh", ["embedded", "RUN", "0", "--epochs", "3"]),
    ("run_distributed_train_cpu.sh", ["embedded", "RUN", "2", "--epochs", "3"]),
    ("run_distributed_train_gpu.sh", ["embedded", "RUN", "2", "--epochs", "3"]),
    ("run_distributed_train_ascend.sh", ["embedded", "RUN", A_FILE, "2", "--epochs", "3"]),
    ("run_eval_cpu.sh", [A_FILE, "embedded", "RUN"]),
    ("run_eval_gpu.sh", [A_FILE, "embedded", "RUN", "0"]),
    ("run_eval_ascend.sh", [A_FILE, "embedded", "RUN", "0"]),
    ("run_infer_onnx.sh", [A_FILE, "embedded", "RUN"]),
    ("run_onnx_eval_gpu.sh", [A_FILE, "embedded", "RUN", "0"]),
    ("run_infer_310.sh", [A_FILE, "CPU", "0", "--output_path", "RUN"]),
]
ENTRY_POINT_OF = {"onnx": "infer_onnx.py", "train": "train.py", "eval": "eval.py", "310": "preprocess.py"}


@pytest.mark.parametrize("name, args", DRY_RUN_CASES)
def test_dry_run_prints_the_commands_and_runs_nothing(name, args, tmp_path):
    run_dir = str(tmp_path / "run")
    commands = dry_run(name, *[run_dir if arg == "RUN" else arg for arg in args])
    entry = next(value for key, value in ENTRY_POINT_OF.items() if key in name)
    assert any(os.path.join(CGAN, entry) in words for words in commands), commands
    assert all(run_dir in " ".join(words) for words in commands if entry in " ".join(words))
    assert not os.path.exists(run_dir)


def test_dry_run_covers_every_script():
    assert {name for name, _ in DRY_RUN_CASES} == set(ALL_SCRIPTS)


def test_a_failing_entry_point_ends_with_its_error_line(tmp_path):
    result = run_bash(script("run_eval_cpu.sh"), A_FILE, "embedded", tmp_path / "run")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("error: ")
    assert "not a readable MindSpore checkpoint" in result.stderr.splitlines()[-1]
    assert sum(line.startswith("error: ") for line in result.stderr.splitlines()) == 1


@pytest.mark.parametrize("name, target, args", [
    ("run_standalone_train_ascend.sh", "Ascend", ["embedded", "RUN", "0", "--epochs", "1"]),
    ("run_eval_gpu.sh", "GPU", [A_FILE, "embedded", "RUN", "0"]),
])
def test_device_scripts_reach_mindspore_and_name_a_missing_device(name, target, args, tmp_path):
    """The zoo's pinned MindSpore is the CPU build: GPU/Ascend runs must stop with one clear line."""
    result = run_bash(script(name), *[str(tmp_path / "run") if arg == "RUN" else arg for arg in args])
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith(
        f"error: device_target {target} cannot be used here: Unsupported device target {target}")


# ---- the reference README's commands (research/cv/CGAN), as written ----

def test_reference_standalone_and_distributed_training_commands(tmp_path):
    data = modelzoo_mnist(str(tmp_path))
    train = os.path.join(data, "train")
    [gpu] = dry_run("run_standalone_train_gpu.sh", train, tmp_path / "out", "5")
    assert gpu[0] == "CUDA_VISIBLE_DEVICES=5" and flag(gpu, "--device_target") == "GPU"
    assert flag(gpu, "--data_path") == train
    [ascend] = dry_run("run_standalone_train_ascend.sh", train, tmp_path / "out", "5")
    assert "DEVICE_ID=5" in ascend and flag(ascend, "--device_id") == "5"
    [msrun] = dry_run("run_distributed_train_gpu.sh", train, tmp_path / "out", "0,1,2,3", "4")
    assert msrun[0] == "CUDA_VISIBLE_DEVICES=0,1,2,3" and "--worker_num=4" in msrun
    assert flag(msrun, "--device_target") == "GPU" and flag(msrun, "--distribute") == "true"
    table = tmp_path / "hccl_8p.json"
    table.write_text("{}")
    ranks = dry_run("run_distributed_train_ascend.sh", train, tmp_path / "out", table, "8")
    assert len(ranks) == 8 and [flag(words, "--device_id") for words in ranks] == [str(r) for r in range(8)]
    assert all(f"RANK_TABLE_FILE={table}" in words for words in ranks)


def test_reference_eval_and_310_commands_on_devices(tmp_path):
    data = modelzoo_mnist(str(tmp_path))
    [ascend] = dry_run("run_eval_ascend.sh", A_FILE, os.path.join(data, "train"), tmp_path / "out", "1")
    assert flag(ascend, "--data_path") == os.path.join(data, "train") and flag(ascend, "--device_id") == "1"
    [gpu] = dry_run("run_eval_gpu.sh", A_FILE, os.path.join(data, "train"), tmp_path / "out", "1")
    assert gpu[0] == "CUDA_VISIBLE_DEVICES=1" and flag(gpu, "--ckpt_path") == A_FILE
    mindir = tmp_path / "CGAN.mindir"
    mindir.write_bytes(b"")
    pre, build, main, post = dry_run("run_infer_310.sh", mindir, data, "3")
    assert pre[1] == os.path.join(CGAN, "preprocess.py") and build[-3:-1] == ["mindspore", ">"]
    assert flag(main, "--device_target") == "Ascend310" and flag(main, "--device_id") == "3"
    assert flag(main, "--model_path") == str(mindir) and flag(post, "--data_path") == data


@pytest.fixture(scope="module")
def reference_run(tmp_path_factory):
    """A tiny CGAN trained by the CPU script on the reference's MNIST_Data/train folder."""
    root = tmp_path_factory.mktemp("cgan_reference")
    data = modelzoo_mnist(str(root))
    result = run_bash(script("run_standalone_train_cpu.sh"), os.path.join(data, "train"), root / "run",
                      "--epochs", "1", "--batch_size", "8", "--validation_size", "40", "--log_interval", "5")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    generators = sorted(glob.glob(str(root / "run" / "ckpt" / "**" / "G*.ckpt"), recursive=True), key=os.path.getmtime)
    return root, data, generators[-1]


def test_reference_export_writes_to_the_working_folder(reference_run, tmp_path):
    _, _, generator = reference_run
    result = subprocess.run([sys.executable, os.path.join(CGAN, "export.py"), "--ckpt_dir", generator,
                             "--device_target", "CPU", "--file_format", "ONNX", "--eval_batch_size", "20"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert os.listdir(tmp_path) == ["CGAN.onnx"]


def test_reference_eval_and_onnx_commands_run(reference_run, tmp_path):
    root, data, generator = reference_run
    evaluated = run_bash(script("run_eval_cpu.sh"), generator, os.path.join(data, "train"), tmp_path, *TINY_EVAL)
    assert evaluated.returncode == 0, evaluated.stderr[-2000:]
    result = json.loads((tmp_path / "eval" / "parzen_test40.json").read_text())  # t10k found in MNIST_Data/test
    export = subprocess.run([sys.executable, os.path.join(CGAN, "export.py"), "--ckpt_path", generator,
                             "--output_path", tmp_path, "--file_format", "ONNX", "--eval_batch_size", "20"],
                            capture_output=True, text=True, timeout=600)
    assert export.returncode == 0, export.stderr[-2000:]
    onnx = tmp_path / "export" / "CGAN.onnx"
    inferred = run_bash(script("run_infer_onnx.sh"), onnx, data, tmp_path, "0", *TINY_EVAL)  # 4th: DEVICE_ID
    assert inferred.returncode == 0, inferred.stderr[-2000:]
    assert json.loads((tmp_path / "infer_onnx" / "parzen_test40.json").read_text())["sigma"] == result["sigma"]
    [command] = dry_run("run_onnx_eval_gpu.sh", onnx, data, tmp_path, "0")
    assert command[0] == "CUDA_VISIBLE_DEVICES=0" and flag(command, "--device_target") == "GPU"
