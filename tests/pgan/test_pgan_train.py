"""PGAN training on the run template (specs/PGAN.md §4.4–4.6, §9): the alpha schedule, fresh U[0, 1] mixing
weights, a short 4 → 8 run writing both checkpoint layouts, the critic keeping its trained layers across
growth, exact resume mid-scale and through the scale change, the reference's command and bad input."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import pytest
from scipy import stats

from pgan_fixtures import tiny_flags, write_celeba_folder
from PGAN.src.config import get_config
from PGAN.src.schedule import GrowthPlan
from PGAN.src.trainer import mixing_weights

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PGAN = os.path.join(ROOT, "PGAN")
# The resumed run compiles the uninterrupted run's graphs again: MindSpore's compile cache (this module's own
# folder) makes that a load.
ENV = dict(os.environ, PYTHONPATH=ROOT, OMP_NUM_THREADS="2", MS_COMPILER_CACHE_ENABLE="1",
           MS_COMPILER_CACHE_PATH=tempfile.mkdtemp(prefix="pgan_compile_cache_"))
DIGEST = re.compile(r"parameter digest ([0-9a-f]{16})")


def run(script, *flags, cwd=PGAN):
    return subprocess.run([sys.executable, os.path.join(PGAN, script), *flags], capture_output=True, text=True,
                          env=ENV, cwd=cwd, timeout=900)


def test_alpha_schedule_follows_the_reference():
    config = get_config([])   # 910 values: 600 jumps of 32 iterations at every scale after the first
    plan = GrowthPlan.from_config(config)
    assert plan.total_steps == 528_000
    assert [plan.alpha(0, i) for i in (0, 47_999)] == [0.0, 0.0]
    assert [plan.alpha(1, i) for i in (0, 31)] == [1.0, 1.0]
    assert plan.alpha(1, 32) == pytest.approx(1 - 1 / 600)
    assert plan.alpha(1, 19_199) == pytest.approx(1 / 600)
    assert [plan.alpha(1, i) for i in (19_200, 95_999)] == [0.0, 0.0]
    assert plan.locate(48_000) == (0, 47_999) and plan.locate(48_001) == (1, 0)
    assert plan.alpha_at(48_001 + 64) == pytest.approx(1 - 2 / 600)
    assert plan.ends_scale(48_000) and plan.ends_scale(528_000) and not plan.ends_scale(48_001)


def test_mixing_weights_are_uniform_and_fresh_every_step():
    draws = np.stack([mixing_weights(1, step, 0, 16) for step in range(1, 501)])
    assert draws.shape == (500, 16, 1, 1, 1)
    assert draws.min() >= 0 and draws.max() <= 1
    assert stats.kstest(draws.ravel(), "uniform").pvalue > 1e-3
    assert len({row.tobytes() for row in draws}) == 500           # a new draw at every step
    np.testing.assert_array_equal(mixing_weights(1, 7, 0, 16), mixing_weights(1, 7, 0, 16))  # resumable


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    root = tmp_path_factory.mktemp("pgan_train")
    data = write_celeba_folder(str(root / "img_align_celeba"))
    out = str(root / "run")
    result = run("train.py", *tiny_flags(data, out))
    assert result.returncode == 0, result.stderr[-3000:]
    return data, out, result.stdout


def records(out):
    with open(os.path.join(out, "metrics.jsonl"), encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if '"loss_d"' in line]


def test_a_run_grows_4_to_8_and_writes_both_layouts(trained):
    _, out, stdout = trained
    assert sorted(os.listdir(os.path.join(out, "ckpt"))) == ["latest", "step_00000002", "step_00000003",
                                                            "step_00000004", "step_00000006"]
    assert sorted(os.listdir(os.path.join(out, "ckpt", "step_00000004"))) == ["AvG.ckpt", "D.ckpt", "G.ckpt",
                                                                               "train_state.ckpt"]
    # the reference's layout: <ckpt_save_dir>/<scale>/{G,D,AvG}_<iterations within the scale>.ckpt
    assert sorted(os.listdir(os.path.join(out, "checkpoint", "4"))) == ["AvG_2.ckpt", "AvG_3.ckpt", "D_2.ckpt",
                                                                       "D_3.ckpt", "G_2.ckpt", "G_3.ckpt"]
    assert sorted(os.listdir(os.path.join(out, "checkpoint", "8"))) == ["AvG_1.ckpt", "AvG_3.ckpt", "D_1.ckpt",
                                                                       "D_3.ckpt", "G_1.ckpt", "G_3.ckpt"]
    values = records(out)
    assert [r["step"] for r in values] == [1, 2, 3, 4, 5, 6]
    assert [r["scale"] for r in values] == [4, 4, 4, 8, 8, 8]
    assert [r["alpha"] for r in values] == [0, 0, 0, 1.0, 0.5, 0]   # 2 jumps of 1 iteration at 8×8
    assert all(np.isfinite(r["loss_d"]) and np.isfinite(r["loss_g"]) for r in values)
    assert "Scale 8 batch_i:1 alpha:0.5000 loss G:" in stdout
    with open(os.path.join(out, "generator_config.json"), encoding="utf-8") as handle:
        assert json.load(handle) == {"scales": [4, 8], "depth": [8, 8], "latent_dim": 8}


def test_the_critic_keeps_its_trained_layers_when_growing(trained):
    """Load the end of scale 4 into a trainer, grow to 8: every 4×4 parameter (G, D and the averaged G)
    is carried over unchanged; only the 8×8 layers are new."""
    import mindspore as ms
    from PGAN.src.trainer import Trainer
    from utils.zoo_common.ms_checkpoint import read_checkpoint
    ms.set_context(mode=ms.GRAPH_MODE)
    data, out, _ = trained
    trainer = Trainer(get_config(tiny_flags(data, out)))
    folder = os.path.join(out, "ckpt", "step_00000003")
    assert trainer.load_checkpoint(folder) == 3 and trainer.index == 0
    trainer.enter_scale(1)
    for key, prefix in (("D", "discriminator."), ("G", "generator."), ("AvG", "average_generator.")):
        saved = read_checkpoint(os.path.join(folder, f"{key}.ckpt"))
        grown = {p.name[len(prefix):]: p.asnumpy() for p in trainer.networks[key].get_parameters()}
        old = [name for name in grown if name in saved]
        assert sorted(old) == sorted(n for n in saved if n not in ("zoo_model", "step", "scale"))
        for name in old:
            np.testing.assert_array_equal(grown[name], saved[name].asnumpy(), err_msg=f"{key} {name}")
        assert {"from_rgb.1.conv.weight", "blocks.0.conv1.conv.weight"} <= set(grown) - set(old) or key != "D"
    assert "output_block.dense.weight" in read_checkpoint(os.path.join(folder, "D.ckpt"))


def test_resume_mid_scale_repeats_the_run_through_the_scale_change(trained, tmp_path):
    """Keep only the step-2 checkpoint (scale 4, mid-scale) and resume: steps 3..6, the growth to 8 and its
    fade included, end with the uninterrupted run's parameters (G, D, averaged G) and losses."""
    data, out, stdout = trained
    copy = str(tmp_path / "resumed")
    shutil.copytree(out, copy)
    for name in ("step_00000003", "step_00000004", "step_00000006"):
        shutil.rmtree(os.path.join(copy, "ckpt", name))
    os.remove(os.path.join(copy, "ckpt", "latest"))
    result = run("train.py", *tiny_flags(data, copy), "--resume", "true")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "resumed from" in result.stdout and "step_00000002" in result.stdout
    assert DIGEST.search(result.stdout).group(1) == DIGEST.search(stdout).group(1)
    def losses(folder):
        return [(r["step"], r["alpha"], r["loss_d"], r["loss_g"]) for r in records(folder)]
    assert losses(copy) == losses(out)


def test_bad_input_is_one_error_line(tmp_path):
    result = run("train.py", "--output_path", str(tmp_path / "a"))
    assert result.returncode == 1 and result.stderr.strip().splitlines()[-1].startswith("error: train_data_path")
    result = run("train.py", "--train_data_path", str(tmp_path), "--scales", "[4, 16]", "--output_path",
                 str(tmp_path / "b"))
    assert result.returncode == 1 and "error: scales must be 4, 8, 16" in result.stderr
    small = write_celeba_folder(str(tmp_path / "one"), count=1)
    result = run("train.py", *tiny_flags(small, str(tmp_path / "c")))
    assert result.returncode == 1 and "make no batch of 2" in result.stderr
