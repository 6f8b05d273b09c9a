"""Every WGAN script: usage and bad arguments, and with DRY_RUN=1 the command each one runs; the reference's
commands (run_train.sh, run_eval.sh, run_eval_onnx.sh, run_infer_cpp.sh) reach the entry points with its flags,
and those flags reach the configuration."""
import os
import shlex
import subprocess
import sys

import pytest

from conftest import ZOO_ROOT, run_bash

WGAN_DIR = os.path.join(ZOO_ROOT, "WGAN")
SCRIPTS = os.path.join(WGAN_DIR, "scripts")
NAMES = sorted(name for name in os.listdir(SCRIPTS) if name.startswith("run_") and name.endswith(".sh"))
REFERENCE_NAMES = {"run_train.sh", "run_eval.sh", "run_eval_onnx.sh", "run_infer_cpp.sh"}


def commands(name, *args, **env):
    """The command lines a script prints under DRY_RUN=1, split into words."""
    result = run_bash(os.path.join(SCRIPTS, name), *args, env=dict(env, DRY_RUN="1"))
    assert result.returncode == 0, result.stderr
    return [shlex.split(line[len("running: "):]) for line in result.stdout.splitlines() if line.startswith("running: ")]


def value_of(words, flag):
    return words[words.index(flag) + 1]


def effective_config(entry, words):
    """The configuration an entry point builds from the flags of a command line (the flags after the script)."""
    flags = words[words.index(next(w for w in words if w.endswith(entry))) + 1:]
    code = ("import sys, json; sys.path.insert(0, sys.argv[1]); from src.config import get_config; "
            "print(json.dumps(get_config(sys.argv[2:]).to_dict()))")
    result = subprocess.run([sys.executable, "-c", code, WGAN_DIR, *flags], capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=ZOO_ROOT))
    assert result.returncode == 0, result.stderr
    import json
    return json.loads(result.stdout)


def step_name(words):
    """preprocess.py, build.sh, main or postprocess.py: what a printed command runs."""
    return next(os.path.basename(w) for w in words if w.endswith((".py", ".sh")) or os.path.basename(w) == "main")


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
    config = os.path.join(WGAN_DIR, "generator_config.json")
    for name, args, env, message in (
            ("run_train.sh", ["imagenet", str(tmp_path), "0", "False"], {}, "DATASET must be lsun, folder or cifar10"),
            ("run_train.sh", ["lsun", str(tmp_path), "0", "maybe"], {}, "NOBN must be True or False, got 'maybe'"),
            ("run_train.sh", ["lsun", "/no/such/folder", "0", "True"], {}, "DATA_PATH '/no/such/folder' is not a directory"),
            ("run_train.sh", ["lsun", str(tmp_path), "0", "True"], {"DEVICE_TARGET": "TPU"}, "DEVICE_TARGET must be Ascend, GPU or CPU"),
            ("run_eval.sh", ["0", "/no/config.json", "G.ckpt", "out", "4"], {}, "CONFIG_PATH '/no/config.json' is not a file"),
            ("run_eval.sh", ["0", config, "/no/G.ckpt", "out", "4"], {}, "CKPT_FILE_PATH '/no/G.ckpt' does not exist"),
            ("run_eval.sh", ["0", config, config, "out", "four"], {}, "NIMAGES must be a positive integer, got 'four'"),
            ("run_eval_onnx.sh", ["/no/G.onnx"], {}, "ONNX_MODEL_PATH '/no/G.onnx' is not a file"),
            ("run_infer_cpp.sh", [config, config, "maybe", "1", "CPU"], {}, "NEED_PREPROCESS must be y or n"),
            ("run_infer_cpp.sh", [config, config, "y", "1", "TPU"], {}, "DEVICE_TYPE must be Ascend, GPU or CPU")):
        result = run_bash(os.path.join(SCRIPTS, name), *args, env=env)
        assert result.returncode == 1 and message in result.stderr.splitlines()[-1], (name, result.stderr)


def test_the_reference_train_command_and_flags_reach_the_configuration(tmp_path):
    (train,) = commands("run_train.sh", "lsun", str(tmp_path), "3", "True", "--batchSize", "16", "--Diters", "7",
                        "--imageSize", "32", "--nz", "64", "--ngf", "32", "--ndf", "16", "--niter", "4", "--lrD", "1e-4",
                        "--lrG", "2e-4", "--netG", "G.ckpt", "--netD", "D.ckpt", "--clamp_lower=-0.02",
                        "--clamp_upper", "0.02", "--n_extra_layers", "1", "--adam", "--nc", "3", "--workers", "2",
                        DEVICE_TARGET="GPU", OUTPUT_PATH=str(tmp_path / "exp"))
    assert train[0] == "CUDA_VISIBLE_DEVICES=3" and train[2].endswith(os.path.join("WGAN", "train.py"))
    config = effective_config("train.py", train)
    expected = {"dataset": "lsun", "data_path": str(tmp_path), "no_bn": True, "output_path": str(tmp_path / "exp"),
                "device_target": "GPU", "batch_size": 16, "d_iters": 7, "image_size": 32, "nz": 64, "ngf": 32,
                "ndf": 16, "epochs": 4, "lr_d": 1e-4, "lr_g": 2e-4, "net_g": "G.ckpt", "net_d": "D.ckpt",
                "clamp_lower": -0.02, "clamp_upper": 0.02, "n_extra_layers": 1, "adam": True, "nc": 3,
                "num_parallel_workers": 2}
    assert {key: config[key] for key in expected} == expected
    (again,) = commands("run_train.sh", "cifar10", str(tmp_path), "0", "False", "--adam", "False")
    config = effective_config("train.py", again)
    assert config["dataset"] == "cifar10" and config["no_bn"] is False and config["adam"] is False
    assert config["device_target"] == "Ascend" and config["output_path"].endswith("/samples")


def test_the_reference_eval_export_onnx_and_cpp_commands(tmp_path):
    gen_config = os.path.join(WGAN_DIR, "generator_config.json")
    (evaluate,) = commands("run_eval.sh", "0", gen_config, gen_config, "out", "12", DEVICE_TARGET="CPU")
    config = effective_config("eval.py", evaluate)
    assert config["generator_config"] == gen_config and config["ckpt_path"] == gen_config
    assert config["num_images"] == 12 and config["output_path"].endswith("/out") and config["ms_ssim_pairs"] == 0
    (onnx,) = commands("run_eval_onnx.sh", gen_config, "CPU", "3", "onnx_out", gen_config)
    config = effective_config("infer_onnx.py", onnx)
    assert config["onnx_path"] == gen_config and config["num_images"] == 3 and config["device_target"] == "CPU"
    assert config["output_path"].endswith("/onnx_out")
    steps = commands("run_infer_cpp.sh", gen_config, gen_config, "y", "4", "CPU", OUTPUT_PATH=str(tmp_path))
    assert [step_name(words) for words in steps] == ["preprocess.py", "build.sh", "main", "postprocess.py"]
    config = effective_config("preprocess.py", steps[0])
    assert config["num_images"] == 4 and config["eval_batch_size"] == 4 and config["output_path"] == str(tmp_path)
    assert value_of(steps[2], "--input0_path") == str(tmp_path / "infer_310" / "preprocess_Result" / "noise")
    skipped = commands("run_infer_cpp.sh", gen_config, gen_config, "n", "4", "CPU", "5")
    assert [step_name(words) for words in skipped] == ["build.sh", "main", "postprocess.py"]
    assert value_of(skipped[1], "--device_id") == "5"


def test_the_zoo_scripts_reach_the_entry_points(tmp_path):
    data = str(tmp_path)
    (train,) = commands("run_standalone_train_cpu.sh", data, "out", "--dataset", "folder")
    assert value_of(train, "--device_target") == "CPU" and value_of(train, "--data_path") == data
    (evaluate,) = commands("run_eval_gpu.sh", data, data, "out", "1")
    assert evaluate[0] == "CUDA_VISIBLE_DEVICES=1" and value_of(evaluate, "--ckpt_path") == data
    (onnx,) = commands("run_infer_onnx.sh", data, data, "out")
    assert onnx[1].endswith("infer_onnx.py") and value_of(onnx, "--onnx_path") == data
