"""The run template's contract, checked for every model: run folder, kill -9 and resume, no damage to a
previous run, one run per folder, divergence. Run folders carry spaces and non-ASCII characters."""
import hashlib
import os
import random
import re
import signal
import subprocess
import sys
import time

import pytest

from conftest import error_lines
from models import ENTRIES, ROOT

ENV = dict(os.environ, PYTHONPATH=ROOT)
DIGEST = re.compile(r"parameter digest ([0-9a-f]{16})")


def start(entry, flags, env=None):
    return subprocess.Popen([sys.executable, entry.train_py, *flags], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(ENV, **(env or {})),
                            cwd=os.path.dirname(entry.train_py))


def finish(process, timeout=900):
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def checksums(folder):
    sums = {}
    for parent, _, files in os.walk(folder):
        for name in files:
            if name != "train.lock":
                with open(os.path.join(parent, name), "rb") as handle:
                    sums[os.path.relpath(os.path.join(parent, name), folder)] = hashlib.sha256(handle.read()).hexdigest()
    return sums


def temp_files(folder):
    return [os.path.join(parent, name) for parent, dirs, files in os.walk(folder) for name in dirs + files
            if ".tmp-" in name]


@pytest.fixture(scope="module", params=ENTRIES, ids=lambda entry: entry.name)
def model(request, tmp_path_factory):
    """(entry, data_path, folder of an uninterrupted short run, its elapsed seconds, its final digest)."""
    entry = request.param
    root = tmp_path_factory.mktemp(entry.name)
    data = entry.write_data(str(root / "data"))
    out = str(root / "run dätä ü")
    started = time.monotonic()
    code, stdout, stderr = finish(start(entry, entry.run_flags(data, out)))
    assert code == 0, stderr[-3000:]
    return entry, data, out, time.monotonic() - started, DIGEST.search(stdout).group(1)


def test_a_short_run_writes_the_run_folder(model):
    entry, _, out, _, _ = model
    for name in ("config.yaml", "metrics.jsonl", "log/train_rank_0.log", "loss_curve.png", "ckpt/latest"):
        assert os.path.isfile(os.path.join(out, name)), name
    assert sorted(os.listdir(os.path.join(out, "ckpt"))) == ["latest"] + [f"step_{s:08d}" for s in entry.saves_at]
    assert f"step_{entry.total_steps:08d}.png" in os.listdir(os.path.join(out, "images"))
    assert temp_files(out) == []


def kill_and_resume(entry, data, out, kills, seconds, seed, window):
    """Start training with --resume true, SIGKILL it after a random fraction ``window`` of the uninterrupted
    run's ``seconds``, ``kills`` times; then let it end."""
    rng = random.Random(seed)
    flags = entry.run_flags(data, out) + ["--resume", "true"]
    outputs = []
    for _ in range(kills):
        process = start(entry, flags)
        time.sleep(rng.uniform(*window) * seconds)
        process.send_signal(signal.SIGKILL)
        outputs.append(finish(process))
    code, stdout, stderr = finish(start(entry, flags))
    assert code == 0, stderr[-3000:]
    return outputs, stdout


def check_kills(model, tmp_path, kills, seed, window=(0.3, 1.0)):
    entry, data, out, seconds, digest = model
    run = str(tmp_path / "killed rün")
    outputs, stdout = kill_and_resume(entry, data, run, kills, seconds, seed, window)
    assert DIGEST.search(stdout).group(1) == digest
    assert temp_files(run) == []
    killed = [code for code, _, _ in outputs]
    assert any(code == -signal.SIGKILL for code in killed), killed
    return outputs


def test_killed_runs_resume_to_the_uninterrupted_parameters(model, tmp_path):
    check_kills(model, tmp_path, kills=2, seed=1)


@pytest.mark.slow
def test_twenty_kills_resume_to_the_uninterrupted_parameters(model, tmp_path):
    # Each resumed run has less left to do: shorter delays keep most of the 20 runs from ending first.
    outputs = check_kills(model, tmp_path, kills=20, seed=2, window=(0.1, 0.5))
    print(f"{model[0].name}: {sum(code == -signal.SIGKILL for code, _, _ in outputs)} of 20 runs killed")


def test_a_fresh_run_refuses_a_previous_run_and_changes_nothing(model):
    entry, data, out, _, _ = model
    before = checksums(out)
    code, _, stderr = finish(start(entry, entry.run_flags(data, out)))
    lines = error_lines(stderr)
    assert code == 1 and len(lines) == 1 and "holds a previous run" in lines[0] and out in lines[0], stderr[-2000:]
    assert checksums(out) == before


def test_a_second_training_on_a_busy_folder_refuses_naming_the_first(model, tmp_path):
    entry, data, _, _, _ = model
    run = str(tmp_path / "busy")
    first = start(entry, entry.run_flags(data, run))
    lock = os.path.join(run, "train.lock")
    try:
        for _ in range(600):
            if os.path.isfile(lock) and open(lock).read().strip():
                break
            time.sleep(0.1)
        first.send_signal(signal.SIGSTOP)  # alive and holding the lock, however fast its run would end
        code, _, stderr = finish(start(entry, entry.run_flags(data, run) + ["--resume", "true"]))
    finally:
        first.send_signal(signal.SIGKILL)
        finish(first)
    lines = error_lines(stderr)
    assert code == 1 and len(lines) == 1, stderr[-2000:]
    assert f"is in use by another training run (PID {first.pid})" in lines[0]


def test_a_diverging_run_stops_with_one_line_and_keeps_the_last_good_checkpoint(model, tmp_path):
    import shutil
    entry, data, out, _, _ = model
    run = str(tmp_path / "diverging")
    shutil.copytree(out, run)
    newest = sorted(os.listdir(os.path.join(run, "ckpt")))[-1]
    shutil.rmtree(os.path.join(run, "ckpt", newest))
    before = checksums(os.path.join(run, "ckpt"))
    # The diverging flags overflow float32 casts on purpose: NumPy's warning about that is not the run's error.
    code, _, stderr = finish(start(entry, entry.run_flags(data, run) + ["--resume", "true"] + entry.diverge_flags,
                                   env={"PYTHONWARNINGS": "ignore::RuntimeWarning"}))
    lines = error_lines(stderr)
    assert code == 1 and len(lines) == 1, stderr[-2000:]
    last_good = f"step_{entry.saves_at[-2]:08d}"
    assert "not finite at step" in lines[0] and last_good in lines[0]
    assert checksums(os.path.join(run, "ckpt")) == before
