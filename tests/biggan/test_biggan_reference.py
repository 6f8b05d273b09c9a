"""The reference's calling forms: test/train_{full,performance}_1p.sh, pb_frozen.py, generate_fake_img.py,
on an unpacked cifar-10-matlab.tar.gz (folder cifar-10-batches-mat) with the chip chosen automatically."""
import os
import re
import subprocess

import numpy as np
import pytest
import scipy.io
from PIL import Image

from BigGAN.src.config import parse
from BigGAN.src.evaluate import evaluation_inputs, to_uint8
from BigGAN.src.inference_graph import load_frozen
from BigGAN.src.npu_adapter import choose_chip
from BigGAN.src.tf_compat import tf
from biggan_fixtures import MODEL_DIR, PYTHON, ROOT, SUBPROCESS_ENV, synthetic_batches, write_mat

CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]


def _bash(script, *args, cwd, env=None):
    return subprocess.run(["bash", os.path.join(MODEL_DIR, "test", script)] + list(args), capture_output=True,
                          text=True, cwd=cwd, env=dict(SUBPROCESS_ENV, **(env or {})), timeout=600)


def _python(entry, *args, cwd):
    return subprocess.run([PYTHON, os.path.join(MODEL_DIR, entry)] + list(args), capture_output=True, text=True,
                          cwd=cwd, env=SUBPROCESS_ENV, timeout=600)


@pytest.fixture(scope="module")
def matlab_archive(tmp_path_factory):
    """The folder cifar-10-matlab.tar.gz was unpacked into; one batch stores its labels as a row (1, N)."""
    root = tmp_path_factory.mktemp("data") / "cifar-10-matlab"
    batches = synthetic_batches(per_file=4)
    folder = write_mat(str(root / "cifar-10-batches-mat"), batches)
    data, labels = batches["data_batch_3"]
    scipy.io.savemat(os.path.join(folder, "data_batch_3.mat"), {"data": data, "labels": labels.astype(np.uint8)},
                     oned_as="row")
    scipy.io.savemat(os.path.join(folder, "batches.meta.mat"), {"label_names": np.array(CLASSES, dtype=object)})
    return str(root)


@pytest.fixture(scope="module")
def performance_run(matlab_archive, tmp_path_factory):
    """bash test/train_performance_1p.sh --data_path=... --output_path=..., tiny, chip left to auto."""
    out = str(tmp_path_factory.mktemp("perf") / "run")
    done = _bash("train_performance_1p.sh", f"--data_path={matlab_archive}", f"--output_path={out}",
                 "--batch_size=4", "--train_steps=3", "--base_channel=4", "--num_threads=1",
                 "--standing_stats_batches=1", cwd=str(tmp_path_factory.mktemp("cwd")))
    assert done.returncode == 0, done.stdout + done.stderr
    return out, done.stdout


def test_performance_script_trains_and_reports_like_the_reference(performance_run):
    out, stdout = performance_run
    sec_per_step = float(re.search(r"^Final Performance sec/step : ([0-9.]+)$", stdout, re.M).group(1))
    images_per_sec = float(re.search(r"^Final Performance images/sec : ([0-9.]+)$", stdout, re.M).group(1))
    assert sec_per_step > 0 and abs(images_per_sec - 4 / sec_per_step) < 0.01 * images_per_sec + 0.01
    assert re.search(r"^E2E Training Duration sec : \d+$", stdout, re.M)
    log = open(os.path.join(out, "log", "train_rank_0.log"), encoding="utf-8").read()
    assert log.count("Loss_D") == 3  # every iteration logged, 3 iterations
    assert open(os.path.join(out, "ckpt", "latest")).read().strip() == "step_00000003"


def test_auto_chip_is_chosen_and_logged(performance_run):
    chip, reason = choose_chip("auto")
    _, stdout = performance_run
    assert f"Device : chip: {chip} ({reason})" in stdout
    if chip == "cpu":
        assert "npu_bridge does not import" in reason


def test_full_script_dry_run_prints_the_train_command(matlab_archive, tmp_path):
    env = {"DRY_RUN": "1", "ASCEND_DEVICE_ID": "3"}
    done = _bash("train_full_1p.sh", f"--data_path={matlab_archive}", "--output_path=../output/biggan",
                 "--batch_size=32", "--chip=npu", cwd=str(tmp_path), env=env)
    assert done.returncode == 0, done.stderr
    # Relative paths are the reference's: taken from the model folder.
    assert done.stdout.split() == ["running:", PYTHON, os.path.join(MODEL_DIR, "train.py"), "--data_path", matlab_archive,
                                   "--output_path", os.path.join(ROOT, "output", "biggan"),
                                   "--batch_size", "32", "--chip=npu"]
    done = _bash("train_full_1p.sh", f"--data_path={matlab_archive}", cwd=str(tmp_path), env=env)
    assert done.stdout.split()[-2:] == ["--output_path", os.path.join(MODEL_DIR, "test", "output", "3")]
    assert not os.path.exists(os.path.join(MODEL_DIR, "test", "output", "3"))


@pytest.mark.parametrize("script, args, message", [
    ("train_full_1p.sh", ["--output_path=/tmp/o"], "--data_path=DIR is required (a CIFAR-10 folder)"),
    ("train_full_1p.sh", ["--data_path=/nonexistent"], "--data_path '/nonexistent' is not a directory"),
    ("train_performance_1p.sh", ["--data_path=/tmp", "--train_epochs=2"],
     "--train_epochs is not supported: BigGAN counts iterations, use --train_steps=N"),
    ("train_performance_1p.sh", ["--data_path=/tmp", "--batch_size=0"], "--batch_size must be a positive integer, got '0'"),
])
def test_scripts_reject_bad_arguments_with_the_usage_line(script, args, message, tmp_path):
    done = _bash(script, *args, cwd=str(tmp_path))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith(f"usage: bash test/{script} --data_path=DIR") and lines[-1] == f"error: {message}"


@pytest.fixture(scope="module")
def final_model(performance_run, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("pb"))
    done = _python("pb_frozen.py", f"--ckpt_path={performance_run[0]}", f"--export_dir={out}", "--num_threads=1",
                   cwd=out)
    assert done.returncode == 0, done.stderr
    return out, done.stdout


def test_pb_frozen_writes_final_model_pb(final_model):
    out, stdout = final_model
    assert sorted(os.listdir(out)) == ["final_model.pb"]
    assert float(re.search(r"^pb_max_abs_diff: (\S+)$", stdout, re.M).group(1)) <= 1e-5
    graph, z_in, y_in, output = load_frozen(os.path.join(out, "final_model.pb"))
    assert y_in.dtype == tf.int32 and y_in.shape.as_list() == [None, 1]


def test_generate_fake_img_writes_pngs_of_the_ema_generator(performance_run, final_model, tmp_path):
    done = _python("generate_fake_img.py", f"--ckpt_path={performance_run[0]}", f"--output_path={tmp_path}",
                   "--num_samples=12", "--eval_batch_size=5", "--num_threads=1", cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "wrote 12 PNGs" in done.stdout and "(EMA generator)" in done.stdout
    names = sorted(os.listdir(tmp_path / "fake"))
    assert names == [f"fake_{i:05d}.png" for i in range(12)]
    pngs = np.stack([np.asarray(Image.open(tmp_path / "fake" / name)) for name in names])
    assert pngs.shape == (12, 32, 32, 3) and pngs.dtype == np.uint8
    cfg = parse(["--num_samples=12"], "t")
    z, labels = evaluation_inputs(cfg, 12)
    np.testing.assert_array_equal(np.loadtxt(tmp_path / "fake_labels.txt", dtype=np.int32), labels)
    # The same samples through the frozen final_model.pb (same EMA weights): equal up to uint8 rounding.
    graph, z_in, y_in, output = load_frozen(os.path.join(final_model[0], "final_model.pb"))
    with tf.Session(graph=graph) as sess:
        frozen = to_uint8(sess.run(output, {z_in: z, y_in: labels.reshape(-1, 1)}))
    assert np.abs(frozen.astype(int) - pngs).max() <= 1


REFERENCE_NAMES = ["test/train_full_1p.sh", "test/train_performance_1p.sh", "test/train_full_1p_modelarts.sh",
                   "boot_modelarts.py", "help_modelarts.py", "scripts/run_1p.sh", "scripts/run_cpu.sh",
                   "scripts/run_gpu.sh", "scripts/run_msprof.sh", "pb_frozen.py", "final_model.pb", "test_pb.py",
                   "generate_fake_img.py", "calc_IS_FID.py", "input2bin.py", "output/input_bin/32/{z,y}",
                   "test_om.py", "output/model/32/model.ckpt", "output/model/32/ema.ckpt", "fusion_switch.cfg",
                   "metrics/", "networks_32.py", "ops.py", "utils.py", "cifar-10-matlab.tar.gz"]


def test_readme_maps_every_reference_file_to_an_existing_one():
    with open(os.path.join(MODEL_DIR, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    section = readme[readme.index("# Coming from the reference"):readme.index("# Differences from the reference")]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line][1:]
    left = " ".join(row.split(" | ")[0] for row in rows)
    assert [name for name in REFERENCE_NAMES if name not in left] == []
    right = " ".join(row.split(" | ", 1)[1] for row in rows)
    for ours in ("test/train_full_1p.sh", "test/train_performance_1p.sh", "pb_frozen.py", "generate_fake_img.py",
                 "eval.py", "preprocess.py", "postprocess.py", "scripts/run_infer_310.sh",
                 "scripts/run_standalone_train_cpu.sh", "scripts/run_standalone_train_gpu.sh",
                 "scripts/run_standalone_train_ascend.sh", "src/evaluate.py"):
        assert ours in right and os.path.isfile(os.path.join(MODEL_DIR, ours)), ours
    assert "utils/zoo_common/metrics/" in right and os.path.isdir(os.path.join(ROOT, "utils", "zoo_common", "metrics"))
