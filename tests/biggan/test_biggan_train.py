"""A short training run: outputs, checkpoints, resume with identical losses, divergence and mismatch errors."""
import json
import os
import shutil

import numpy as np
import pytest
from PIL import Image

from utils.zoo_common.checkpoint_folder import CheckpointFolder
from utils.zoo_common.train_loop import TrainingDiverged, train

from BigGAN.src import checkpoint
from BigGAN.src.config import parse
from BigGAN.src.trainer import Trainer
from biggan_fixtures import synthetic_batches, tiny_args, write_binary, write_python


def _train(args):
    cfg = parse(args, "test")
    train(cfg, lambda: Trainer(cfg)).close()


def _checkpoints(run_dir):
    return [os.path.basename(folder) for _, folder in CheckpointFolder(os.path.join(run_dir, "ckpt")).entries()]


def _records(run_dir):
    with open(os.path.join(run_dir, "metrics.jsonl")) as handle:
        return {r["step"]: r for r in map(json.loads, handle)}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return write_binary(str(tmp_path_factory.mktemp("cifar-bin")), synthetic_batches(per_file=8))


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory, data_dir):
    out = str(tmp_path_factory.mktemp("run"))
    _train(tiny_args(data_dir, out, seed=5))
    return out


def test_run_writes_its_outputs(run_dir):
    for name in ("config.yaml", "metrics.jsonl", "log/train_rank_0.log", "loss_curve.png", "tensorboard"):
        assert os.path.exists(os.path.join(run_dir, name)), name
    assert _checkpoints(run_dir) == ["step_00000002", "step_00000004"]
    grid = Image.open(os.path.join(run_dir, "images", "step_00000004.png"))
    assert grid.size == (10 * 34 + 2, 10 * 34 + 2)  # 10 classes × 10 samples, 2-pixel padding
    with open(os.path.join(run_dir, "log", "train_rank_0.log")) as handle:
        lines = [line for line in handle if line.startswith("[")]
    assert len(lines) == 4 and lines[-1].startswith("[1/1][4/4] Loss_D: ")
    records = _records(run_dir)
    assert sorted(records) == [1, 2, 3, 4]
    assert all(np.isfinite([r["loss_d"], r["loss_g"]]).all() for r in records.values())
    assert len({r["loss_d"] for r in records.values()}) == 4  # D is learning: losses differ per step


def test_checkpoint_holds_full_state(run_dir):
    folder = CheckpointFolder(os.path.join(run_dir, "ckpt")).latest()
    names = dict(checkpoint.tf.train.list_variables(os.path.join(folder, "model")))
    assert names["global_step"] == []
    assert "generator_ema/block1/conv0/w" in names and "generator_ema/block1/bn0/moving_mean" in names
    assert any(n.endswith("/d_adam") for n in names) and any(n.endswith("/g_adam_1") for n in names)
    assert "discriminator/block1/conv0/snu" in names
    assert not any("snu/" in n and "adam" in n for n in names)  # no optimizer slots for u
    state = checkpoint.load_state(folder)
    assert {"data_order", "data_rng_keys", "latent_rng_keys"} <= set(state)
    reader = checkpoint.tf.train.load_checkpoint(os.path.join(folder, "model"))
    live, ema = reader.get_tensor("generator/block1/conv0/w"), reader.get_tensor("generator_ema/block1/conv0/w")
    assert 0 < np.abs(live - ema).max()  # EMA weights lag the live ones


def test_resume_reproduces_the_following_losses(run_dir, data_dir, tmp_path):
    resumed = str(tmp_path / "resumed")
    shutil.copytree(run_dir, resumed)
    shutil.rmtree(os.path.join(resumed, "ckpt", "step_00000004"))
    _train(tiny_args(data_dir, resumed, seed=5, resume=True))
    original, again = _records(run_dir), _records(resumed)
    assert sorted(again) == [1, 2, 3, 4]
    for step in (3, 4):
        for key in ("loss_d", "loss_g", "d_real", "d_fake", "ortho"):
            assert again[step][key] == original[step][key], (step, key)


def test_same_seed_reproduces_a_fresh_run(run_dir, data_dir, tmp_path):
    again = str(tmp_path / "again")
    _train(tiny_args(data_dir, again, seed=5, steps=1, save_interval=100, sample_interval=100))
    first = _records(run_dir)[1]
    for key in ("loss_d", "loss_g", "d_real", "d_fake", "ortho"):
        assert _records(again)[1][key] == first[key], key


@pytest.mark.filterwarnings("ignore:overflow encountered in cast")
def test_non_finite_loss_stops_and_keeps_the_last_good_checkpoint(data_dir, tmp_path):
    out = str(tmp_path / "diverged")
    # ortho_beta overflows float32: the G loss becomes Inf at the first G step.
    with pytest.raises(TrainingDiverged, match=r"loss is not finite at step 1 .*last good checkpoint: none"):
        _train(tiny_args(data_dir, out, ortho_beta=1e39))
    assert _checkpoints(out) == []


@pytest.mark.parametrize("damage, named", [("truncate_data", "model.data-00000-of-00001"),
                                            ("empty_index", "model.index")])
def test_a_damaged_checkpoint_file_is_named_in_one_line(run_dir, data_dir, tmp_path, damage, named):
    resumed = str(tmp_path / "damaged")
    shutil.copytree(run_dir, resumed)
    folder = os.path.join(resumed, "ckpt", "step_00000004")
    path = os.path.join(folder, named)
    size = os.path.getsize(path)
    with open(path, "r+b") as handle:
        handle.truncate(size // 2 if damage == "truncate_data" else 0)
    with pytest.raises(ValueError) as error:
        _train(tiny_args(data_dir, resumed, seed=5, resume=True))
    message = str(error.value)
    assert "\n" not in message and f"{folder}/{named}" in message, message


def test_resume_with_another_model_width_is_rejected(run_dir, data_dir, tmp_path):
    resumed = str(tmp_path / "wider")
    shutil.copytree(run_dir, resumed)
    with pytest.raises(ValueError, match="was trained with base_channel=4, this run has base_channel=8"):
        _train(tiny_args(data_dir, resumed, base_channel=8, resume=True))


def test_bad_run_options_are_rejected_before_any_work(tmp_path):
    data = write_python(str(tmp_path / "py"), synthetic_batches(per_file=2))
    with pytest.raises(ValueError, match=r"chip 'npu' needs the Ascend TF Adapter \(npu_bridge\)"):
        Trainer(parse(tiny_args(data, str(tmp_path / "o"), chip="npu"), "test"))
    with pytest.raises(ValueError, match="output directory '/proc/biggan' cannot be created"):
        _train(tiny_args(data, "/proc/biggan"))
    with pytest.raises(ValueError, match="batch_size 64 exceeds the 10 training images"):
        Trainer(parse(tiny_args(data, str(tmp_path / "o"), batch_size=64), "test"))
    with pytest.raises(ValueError, match="argument --chip: invalid choice: 'tpu'"):
        parse(["--chip=tpu"], "test")


def test_framework_errors_become_one_line(capsys):
    from BigGAN.src.config import input_errors
    from BigGAN.src.tf_compat import tf
    from utils.zoo_common.entry import run_main

    def corrupt_checkpoint(argv):
        raise tf.errors.DataLossError(None, None, "Unable to open table file ckpt/model.index: corrupted\nmore")
    with pytest.raises(SystemExit) as exit_info:
        run_main(corrupt_checkpoint, [], input_errors)
    assert exit_info.value.code == 1
    assert capsys.readouterr().err == "error: Unable to open table file ckpt/model.index: corrupted\n"


def test_out_of_range_options_name_the_key():
    with pytest.raises(ValueError, match=r"--batch_size must be in \[1, inf\), got 0"):
        parse(["--batch_size=0"], "t")
    with pytest.raises(ValueError, match=r"--truncation must be in \[0, inf\), got -1.0"):
        parse(["--truncation=-1"], "t")
    with pytest.raises(ValueError, match=r"--ema_decay must be in \[0, 1\), got 1.5"):
        parse(["--ema_decay=1.5"], "t")
    with pytest.raises(ValueError, match="metrics must be a comma-separated subset"):
        parse(["--metrics=is,kid"], "t")
