"""Every DCGAN script: usage and bad arguments, and with DRY_RUN=1 the command each one runs, the reference's
commands included; one real CPU training through the reference's script."""
import os
import shlex

import pytest

from conftest import ZOO_ROOT, run_bash
from dcgan_fixtures import write_image_folder

SCRIPTS = os.path.join(ZOO_ROOT, "DCGAN", "scripts")
NAMES = sorted(name for name in os.listdir(SCRIPTS) if name.startswith("run_") and name.endswith(".sh"))
REFERENCE_NAMES = {"run_standalone_train.sh", "run_train.sh", "run_eval.sh"}


def commands(name, *args, **env):
    """The command lines a script prints under DRY_RUN=1, split into words."""
    result = run_bash(os.path.join(SCRIPTS, name), *args, env=dict(env, DRY_RUN="1"))
    assert result.returncode == 0, result.stderr
    return [shlex.split(line[len("running: "):]) for line in result.stdout.splitlines() if line.startswith("running: ")]


def value_of(words, flag):
    return words[words.index(flag) + 1]


def test_the_zoo_and_the_reference_scripts_exist():
    zoo = {f"run_{kind}_{device}.sh" for kind in ("standalone_train", "distributed_train", "eval")
           for device in ("ascend", "gpu", "cpu")} | {"run_infer_onnx.sh", "run_infer_310.sh"}
    assert set(NAMES) == zoo | REFERENCE_NAMES


@pytest.mark.parametrize("name", NAMES)
def test_missing_arguments_print_the_usage_and_one_error_line(name):
    result = run_bash(os.path.join(SCRIPTS, name))
    usage, error = result.stderr.splitlines()
    assert result.returncode == 1 and usage.startswith(f"usage: bash {name} [") and error.startswith("error: ")


def test_bad_values_name_the_argument(tmp_path):
    for name, args, env, message in (
            ("run_standalone_train_cpu.sh", ["/no/such/folder", "out"], {}, "DATA_PATH '/no/such/folder' is not a directory"),
            ("run_standalone_train.sh", [str(tmp_path), "out"], {"DEVICE_TARGET": "TPU"}, "DEVICE_TARGET must be Ascend, GPU or CPU"),
            ("run_train.sh", ["/no/table.json", str(tmp_path), "out"], {}, "RANK_TABLE_FILE '/no/table.json' is not a file"),
            ("run_eval.sh", ["imgs", "/no/G.ckpt"], {}, "CKPT_URL '/no/G.ckpt' does not exist")):
        result = run_bash(os.path.join(SCRIPTS, name), *args, env=env)
        assert result.returncode == 1 and message in result.stderr.splitlines()[-1], (name, result.stderr)


def test_the_reference_commands_reach_the_entry_points(tmp_path):
    data, table = str(tmp_path), str(tmp_path / "rank_table.json")
    open(table, "w").close()
    (train,) = commands("run_standalone_train.sh", data, "save", DEVICE_ID="3")
    assert any(word.endswith(os.path.join("DCGAN", "train.py")) for word in train)
    assert value_of(train, "--device_target") == "Ascend" and value_of(train, "--device_id") == "3"
    assert value_of(train, "--data_path") == data and value_of(train, "--output_path").endswith("/save")
    ranks = commands("run_train.sh", table, data, "save", RANK_SIZE="2")
    assert len(ranks) == 2 and all(value_of(words, "--distribute") == "true" for words in ranks)
    assert "RANK_TABLE_FILE=" + table in ranks[1] and "DEVICE_ID=1" in ranks[1]
    (evaluate,) = commands("run_eval.sh", "imgs", table, DEVICE_TARGET="CPU")
    assert evaluate[1].endswith("eval.py") and value_of(evaluate, "--img_url").endswith("/imgs")
    assert value_of(evaluate, "--ckpt_path") == table and value_of(evaluate, "--device_target") == "CPU"


GOOD = {  # script -> (arguments after DATA/CKPT/MODEL, the entry point, --device_target, --device_id)
    "run_standalone_train_cpu.sh": ("{data} save", "train.py", "CPU", "0"),
    "run_standalone_train_gpu.sh": ("{data} save 1", "train.py", "GPU", "0"),
    "run_standalone_train_ascend.sh": ("{data} save 2", "train.py", "Ascend", "2"),
    "run_distributed_train_cpu.sh": ("{data} save 2", "train.py", "CPU", "0"),
    "run_distributed_train_gpu.sh": ("{data} save 0,1 2", "train.py", "GPU", "0"),
    "run_distributed_train_ascend.sh": ("{data} save {table} 2", "train.py", "Ascend", "0"),
    "run_eval_cpu.sh": ("{table} {data} save", "eval.py", "CPU", "0"),
    "run_eval_gpu.sh": ("{table} {data} save 1", "eval.py", "GPU", "0"),
    "run_eval_ascend.sh": ("{table} {data} save 3", "eval.py", "Ascend", "3"),
    "run_infer_onnx.sh": ("{table} {data} save", "infer_onnx.py", "CPU", "0"),
}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_arguments_reach_the_entry_point(name, tmp_path):
    data, table = str(tmp_path), str(tmp_path / "file.json")
    open(table, "w").close()
    args, entry, target, device = GOOD[name]
    runs = commands(name, *args.format(data=data, table=table).split(), "--seed", "3")
    assert runs, name
    for words in runs:
        assert any(word.endswith(os.path.join("DCGAN", entry)) for word in words), words
        assert value_of(words, "--device_target") == target and value_of(words, "--output_path").endswith("/save")
        assert value_of(words, "--data_path") == data and value_of(words, "--seed") == "3"
    assert value_of(runs[0], "--device_id") == device
    if "distributed" in name:
        assert value_of(runs[0], "--distribute") == "true"
        assert len(runs) == 2 if target == "Ascend" else any(word == "--worker_num=2" for word in runs[0])


@pytest.mark.slow
def test_the_reference_standalone_script_trains_on_the_cpu(tmp_path):
    data = write_image_folder(str(tmp_path / "data"))
    result = run_bash(os.path.join(SCRIPTS, "run_standalone_train.sh"), data, str(tmp_path / "save"), "--epochs", "1",
                      "--batch_size", "4", "--ngf", "8", "--ndf", "8", "--num_parallel_workers", "1",
                      env={"DEVICE_TARGET": "CPU"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Date time:" in result.stdout and os.path.isfile(str(tmp_path / "save" / "ckpt" / "step_00000002" / "G.ckpt"))
