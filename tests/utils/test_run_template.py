"""The run template's pieces on a pure-Python trainer: checkpoint folder, run folder, run log and loop."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from utils.zoo_common.checkpoint_folder import CheckpointFolder, find_checkpoint_file
from utils.zoo_common.config import Config
from utils.zoo_common.run_folder import RunFolder, remove_stale_temp_files
from utils.zoo_common.run_log import RunLog, read_metrics
from utils.zoo_common.train_loop import Schedule, TrainingDiverged, train


def _write_value(value):
    def write(folder):
        with open(os.path.join(folder, "value.txt"), "w") as handle:
            handle.write(str(value))
    return write


def test_checkpoints_are_published_whole_and_pruned_to_the_newest(tmp_path):
    ckpts = CheckpointFolder(str(tmp_path / "ckpt"), keep_max=2)
    for step in (1, 2, 3):
        ckpts.save(step, _write_value(step))
    assert [s for s, _ in ckpts.entries()] == [2, 3]
    assert ckpts.latest().endswith("step_00000003")
    assert sorted(os.listdir(tmp_path / "ckpt")) == ["latest", "step_00000002", "step_00000003"]


def test_a_failed_write_leaves_no_entry_and_no_temporary_folder(tmp_path):
    ckpts = CheckpointFolder(str(tmp_path / "ckpt"))
    ckpts.save(1, _write_value(1))

    def broken(folder):
        _write_value(2)(folder)
        raise OSError("disk full")
    with pytest.raises(OSError):
        ckpts.save(2, broken)
    assert sorted(os.listdir(tmp_path / "ckpt")) == ["latest", "step_00000001"]
    assert ckpts.latest().endswith("step_00000001")


def test_best_follows_the_metric_and_survives_pruning(tmp_path):
    ckpts = CheckpointFolder(str(tmp_path / "ckpt"), keep_max=1, higher_is_better=False)
    for step, fid in ((1, 30.0), (2, 10.0), (3, 20.0), (4, 25.0)):
        ckpts.save(step, _write_value(step), metric=fid)
    assert ckpts.best().endswith("step_00000002")
    assert [s for s, _ in ckpts.entries()] == [2, 4]


def test_a_dangling_latest_pointer_falls_back_to_the_newest_entry(tmp_path):
    ckpts = CheckpointFolder(str(tmp_path / "ckpt"))
    for step in (1, 2):
        ckpts.save(step, _write_value(step))
    os.rename(tmp_path / "ckpt" / "step_00000002", tmp_path / "ckpt" / ".tmp-step_00000002-1")
    assert ckpts.latest().endswith("step_00000001")


def test_find_checkpoint_file_accepts_file_entry_ckpt_and_run_folders(tmp_path):
    ckpts = CheckpointFolder(str(tmp_path / "run" / "ckpt"))
    for step in (1, 2):
        ckpts.save(step, lambda folder: open(os.path.join(folder, "G.ckpt"), "w").close())
    newest = str(tmp_path / "run" / "ckpt" / "step_00000002" / "G.ckpt")
    for path in (newest, os.path.dirname(newest), str(tmp_path / "run" / "ckpt"), str(tmp_path / "run")):
        assert find_checkpoint_file(path, "G.ckpt") == newest
    with pytest.raises(ValueError, match="does not exist"):
        find_checkpoint_file(str(tmp_path / "none"), "G.ckpt")
    with pytest.raises(ValueError, match="expected a G.ckpt file"):
        find_checkpoint_file(str(tmp_path), "G.ckpt")


def test_stale_temporary_files_of_dead_writers_are_removed(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    names = [f".G.ckpt.tmp-{dead}.ckpt", f".tmp-step_00000003-{dead}", f".metrics.jsonl.tmp-{os.getpid()}",
             "step_00000001"]
    for name in names:
        (tmp_path / name).mkdir() if name.startswith((".tmp-", "step_")) else (tmp_path / name).write_text("x")
    removed = remove_stale_temp_files(str(tmp_path))
    assert sorted(os.path.basename(p) for p in removed) == sorted(names[:2])
    assert sorted(os.listdir(tmp_path)) == sorted(names[2:])


def test_a_second_run_on_a_locked_folder_names_the_holder(tmp_path):
    first = RunFolder(str(tmp_path / "run")).open_for_training(resume=False)
    try:
        with pytest.raises(ValueError, match=rf"in use by another training run \(PID {os.getpid()}\)"):
            RunFolder(str(tmp_path / "run")).open_for_training(resume=True)
    finally:
        first.close()
    RunFolder(str(tmp_path / "run")).open_for_training(resume=True).close()


def test_a_fresh_run_refuses_a_folder_with_a_previous_run(tmp_path):
    run = RunFolder(str(tmp_path / "run")).open_for_training(resume=False)
    run.close()
    with open(run.metrics_path, "w") as handle:
        handle.write('{"step": 1}\n')
    with pytest.raises(ValueError, match="holds a previous run"):
        RunFolder(str(tmp_path / "run")).open_for_training(resume=False)


def test_run_log_keeps_records_up_to_the_resumed_step(tmp_path, capsys):
    run = RunFolder(str(tmp_path / "run")).open_for_training(resume=False)
    log = RunLog(run)
    for step in (1, 2, 3):
        log.record(step=step, loss_d=float(step))
    log.line("progress")
    log.close()
    with open(run.metrics_path, "a") as handle:
        handle.write('{"step": 4, "loss')  # a line cut short by a crash
    log = RunLog(run, resume_step=2)
    log.record(step=3, loss_d=30.0)
    log.close()
    assert [(r["step"], r["loss_d"]) for r in read_metrics(run.metrics_path)] == [(1, 1.0), (2, 2.0), (3, 30.0)]
    assert capsys.readouterr().out == "progress\n"
    with open(run.log_path()) as handle:
        assert handle.read() == "progress\n"
    run.close()


class CountingTrainer:
    """A deterministic pure-Python 'GAN': its state is two numbers driven by a seeded RNG per step."""

    def __init__(self, total=12, d_steps=lambda step: 1, diverge_at=None, steps_per_epoch=None):
        self.d, self.g, self.d_calls, self.diverge_at = 0.0, 0.0, [], diverge_at
        self.schedule = Schedule(total_steps=total, log_interval=2, save_interval=4, sample_interval=6,
                                 steps_per_epoch=steps_per_epoch, d_steps=d_steps)

    def train_discriminator(self, step):
        self.d += np.random.default_rng([step, len(self.d_calls)]).random()
        self.d_calls.append(step)
        return {"loss_d": float("nan") if step == self.diverge_at else self.d}

    def train_generator(self, step):
        self.g += np.random.default_rng([step]).random()
        return {"loss_g": self.g}

    def sample_grid(self, path):
        open(path, "w").close()

    def write_checkpoint(self, folder, step):
        with open(os.path.join(folder, "state.json"), "w") as handle:
            json.dump({"d": self.d, "g": self.g, "step": step, "d_calls": self.d_calls}, handle)

    def load_checkpoint(self, folder):
        with open(os.path.join(folder, "state.json")) as handle:
            state = json.load(handle)
        self.d, self.g, self.d_calls = state["d"], state["g"], state["d_calls"]
        return state["step"]

    def parameter_digest(self):
        return f"{self.d:.12f}/{self.g:.12f}"


def _config(path, resume=False):
    return Config(output_path=str(path), resume=resume, keep_checkpoint_max=2)


def test_the_loop_runs_the_schedule_and_writes_the_run_folder(tmp_path):
    trainer = train(_config(tmp_path), lambda: CountingTrainer(d_steps=lambda step: 3 if step <= 2 else 1))
    assert trainer.d_calls == [1, 1, 1, 2, 2, 2] + list(range(3, 13))
    assert sorted(os.listdir(tmp_path / "ckpt")) == ["latest", "step_00000008", "step_00000012"]
    assert sorted(os.listdir(tmp_path / "images")) == ["step_00000006.png", "step_00000012.png"]
    records = read_metrics(str(tmp_path / "metrics.jsonl"))
    assert [r["step"] for r in records] == [2, 4, 6, 8, 10, 12]
    assert os.path.isfile(tmp_path / "loss_curve.png") and os.path.isfile(tmp_path / "config.yaml")


def test_resume_continues_from_the_newest_checkpoint_with_the_same_result(tmp_path):
    whole = train(_config(tmp_path / "whole"), CountingTrainer)
    train(_config(tmp_path / "cut"), lambda: CountingTrainer(total=6))
    resumed = train(_config(tmp_path / "cut", resume=True), CountingTrainer)
    assert resumed.parameter_digest() == whole.parameter_digest()
    assert read_metrics(str(tmp_path / "cut" / "metrics.jsonl")) == [
        dict(r, time_per_step_s=pytest.approx(r["time_per_step_s"], abs=10))
        for r in read_metrics(str(tmp_path / "whole" / "metrics.jsonl"))]


def test_resume_without_a_checkpoint_starts_fresh_and_says_so(tmp_path, capsys):
    trainer = train(_config(tmp_path, resume=True), CountingTrainer)
    assert f"nothing to resume in {tmp_path / 'ckpt'}: starting fresh" in capsys.readouterr().out
    assert trainer.parameter_digest() == train(_config(tmp_path / "b"), CountingTrainer).parameter_digest()


def test_a_non_finite_loss_stops_before_the_next_checkpoint(tmp_path):
    with pytest.raises(TrainingDiverged, match=r"loss is not finite at step 7 \(loss_d nan\); training stopped, "
                                               r"last good checkpoint: .*step_00000004"):
        train(_config(tmp_path), lambda: CountingTrainer(diverge_at=7))
    assert [s for s, _ in CheckpointFolder(str(tmp_path / "ckpt")).entries()] == [4]


def test_the_epoch_view_logs_epoch_summaries(tmp_path, capsys):
    train(_config(tmp_path), lambda: CountingTrainer(steps_per_epoch=4))
    out = capsys.readouterr().out
    assert "[2/3][2/4] Loss_D: " in out and "epoch [3/3] total " in out
    epochs = [r for r in read_metrics(str(tmp_path / "metrics.jsonl")) if "loss_d_epoch" in r]
    assert [(r["epoch"], r["step"]) for r in epochs] == [(1, 4), (2, 8), (3, 12)]


def test_non_finite_parameters_stop_the_run_before_a_grid_or_checkpoint(tmp_path):
    class HiddenNaN(CountingTrainer):
        def non_finite_parameters(self):
            return ["generator.w"] if self.g > 3 else []
    with pytest.raises(TrainingDiverged, match=r"parameters are not finite at step (6|8) \(1, e.g. generator.w\)"):
        train(_config(tmp_path), HiddenNaN)
    assert [s for s, _ in CheckpointFolder(str(tmp_path / "ckpt")).entries()] == [4]
    assert os.listdir(tmp_path / "images") == []
