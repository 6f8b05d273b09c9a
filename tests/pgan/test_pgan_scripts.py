"""PGAN's scripts (specs/PGAN.md §7): the reference's script names and positional arguments next to the zoo's
per-device scripts, checked with DRY_RUN=1 (the commands they would run), bad arguments as the usage line
and one error line; the reference's config files load."""
import os
import subprocess
import sys

import pytest

from pgan_fixtures import write_celeba_folder
from PGAN.src.config import get_config

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PGAN = os.path.join(ROOT, "PGAN")
SCRIPTS = os.path.join(PGAN, "scripts")


def script(name, *args, dry=True, env=None, cwd=None):
    environment = dict(os.environ, PYTHON=sys.executable, PYTHONPATH=ROOT, **(env or {}))
    if dry:
        environment["DRY_RUN"] = "1"
    return subprocess.run(["bash", os.path.join(SCRIPTS, name), *args], capture_output=True, text=True,
                          env=environment, cwd=cwd or str(SCRIPTS), timeout=300)


def commands(result):
    assert result.returncode == 0, result.stderr
    return [line[len("running: "):] for line in result.stdout.splitlines() if line.startswith("running: ")]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return write_celeba_folder(str(tmp_path_factory.mktemp("pgan_scripts") / "img_align_celeba"), count=2)


def test_the_reference_config_files_load():
    ascend = get_config(["--config_path", os.path.join(PGAN, "910_config.yaml")])
    gpu = get_config(["--config_path", os.path.join(PGAN, "gpu_config.yaml")])
    assert (ascend.device_target, ascend.lr, ascend.save_interval, ascend.batch_size_list) == (
        "Ascend", 0.001, 10000, [16] * 6)
    assert (gpu.device_target, gpu.lr, gpu.save_interval, gpu.batch_size_list, gpu.lr_list) == (
        "GPU", 0.002, 1000, [16, 16, 16, 16, 16, 8], [0.002] * 6)
    assert ascend.ckpt_save_dir == "./checkpoint" and ascend.num_batch == [48000] + [96000] * 5


def test_reference_training_scripts(data, tmp_path):
    yaml_910, yaml_gpu = os.path.join(PGAN, "910_config.yaml"), os.path.join(PGAN, "gpu_config.yaml")
    [line] = commands(script("run_standalone_train.sh", data, "3", yaml_910, env={"OUTPUT_PATH": str(tmp_path)}))
    assert "DEVICE_ID=3" in line and "PGAN/train.py --device_target Ascend --device_id 3" in line
    assert f"--data_path {data} --output_path {tmp_path} --config_path {yaml_910}" in line
    table = tmp_path / "rank_table.json"
    table.write_text("{}")
    lines = commands(script("run_distributed_train.sh", data, str(table), yaml_910, env={"OUTPUT_PATH": str(tmp_path)}))
    assert len(lines) == 8 and all(f"RANK_TABLE_FILE={table} RANK_SIZE=8 RANK_ID={r} DEVICE_ID={r}" in line
                                   for r, line in enumerate(lines))
    [line] = commands(script("run_standalone_train_gpu.sh", yaml_gpu, data, env={"OUTPUT_PATH": str(tmp_path)}))
    assert "--device_target GPU --device_id 0" in line and f"--config_path {yaml_gpu}" in line
    [line] = commands(script("run_distribute_train_gpu.sh", yaml_gpu, data, env={"OUTPUT_PATH": str(tmp_path)}))
    assert "msrun --worker_num=8" in line and "--distribute true" in line and f"--config_path {yaml_gpu}" in line
    # the zoo's form of the same GPU script
    [line] = commands(script("run_standalone_train_gpu.sh", data, str(tmp_path), "1", "--num_batch", "[1,1,1,1,1,1]"))
    assert "CUDA_VISIBLE_DEVICES=1" in line and line.endswith("--num_batch \\[1\\,1\\,1\\,1\\,1\\,1\\]")
    [line] = commands(script("run_standalone_train_cpu.sh", data, str(tmp_path)))
    assert "--device_target CPU" in line


def test_reference_evaluation_and_inference_scripts(data, tmp_path):
    ckpt = tmp_path / "AvG_96000.ckpt"
    ckpt.write_bytes(b"")
    [line] = commands(script("run_eval.sh", str(ckpt), "0", env={"OUTPUT_PATH": str(tmp_path)}))
    assert f"PGAN/eval.py --device_target Ascend --device_id 0 --checkpoint_g {ckpt}" in line
    [line] = commands(script("run_eval_gpu.sh", str(ckpt), "2", "True", data, env={"OUTPUT_PATH": str(tmp_path)}))
    assert "CUDA_VISIBLE_DEVICES=2" in line and f"--ckpt_path {ckpt} --data_path {data}" in line
    assert line.endswith("--measure_ms_ssim True")
    mindir = tmp_path / "PGAN.mindir"
    mindir.write_bytes(b"")
    lines = commands(script("run_infer_310.sh", str(mindir), "y", "64", "1", env={"OUTPUT_PATH": str(tmp_path)}))
    assert [line.split()[1 if line.startswith("/") else 0].split("/")[-1] for line in lines][-1] == "postprocess.py"
    assert "--num_images 64 --eval_batch_size 64" in lines[0] and "--device_target Ascend310 --device_id 1" in lines[2]
    assert "--spec_file" in lines[2] and "generator_spec.txt" in lines[2]
    lines = commands(script("run_infer_310.sh", str(mindir), "n", "8", env={"OUTPUT_PATH": str(tmp_path)}))
    assert not any("preprocess.py" in line for line in lines)


@pytest.mark.parametrize("name, args, message", [
    ("run_standalone_train.sh", ["/nowhere", "0"], "expected DATASET_PATH, DEVICE_ID and CONFIG_PATH"),
    ("run_standalone_train.sh", ["/tmp", "0", "config.txt"], "CONFIG_PATH 'config.txt' is not a YAML file"),
    ("run_eval_gpu.sh", ["x.ckpt", "0", "True"], "expected CKPT_PATH, DEVICE_ID, MEASURE_MSSIM and DATASET_DIR"),
    ("run_infer_310.sh", ["PGAN.mindir", "maybe", "64"], "NEED_PREPROCESS must be y or n, got 'maybe'"),
    ("run_eval.sh", ["/nowhere.ckpt", "0"], "CKPT_PATH '/nowhere.ckpt' does not exist"),
])
def test_bad_arguments_are_the_usage_and_one_error_line(name, args, message):
    result = script(name, *args)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1 and lines[0].startswith("usage: bash " + name) and lines[-1] == f"error: {message}"
