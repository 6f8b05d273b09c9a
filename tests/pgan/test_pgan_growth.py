"""PGAN growing 4 → 8 → 16 with fade-ins on the schedule counted in images (specs/PGAN.md §9.10: ``num_kimg``,
``fade_kimg``) and the averaged generator bias-corrected and restarted at every scale (``ema_bias_correction``):
the schedule's iteration counts and alpha values (the reference's and the paper's numbers reachable, any worker
count), alpha and the scale at every step of a real run, the average against a NumPy reference at each
scale's first and second iterations, and exact resume across both scale changes."""
import json
import os
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest

from pgan_fixtures import write_celeba_folder
from PGAN.src.config import get_config
from PGAN.src.schedule import GrowthPlan
from utils.zoo_common.ms_checkpoint import read_checkpoint

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PGAN = os.path.join(ROOT, "PGAN")
# No compile cache: the resumed run compiles the 8×8 graphs first, and MindSpore's cache would hand it the
# first graphs the uninterrupted run compiled (4×4).
ENV = dict(os.environ, PYTHONPATH=ROOT, OMP_NUM_THREADS="2")
DIGEST = re.compile(r"parameter digest ([0-9a-f]{16})")
DECAY = 0.9
# batch 2: 4, 8 and 8 images → 2, 4 and 4 iterations; fades of 4 images at 8×8 and 6 at 16×16
SCHEDULE = ["--num_kimg", "[0.004, 0.008, 0.008]", "--fade_kimg", "[0, 0.004, 0.006]"]
ALPHAS = [0, 0, 1, 0.5, 0, 0, 1, 1 - 2 / 6, 1 - 4 / 6, 0]
SCALES = [4, 4, 8, 8, 8, 8, 16, 16, 16, 16]
FIRST_STEPS = (1, 3, 7)   # each scale's first iteration


def flags(data, out):
    return ["--train_data_path", data, "--output_path", out, "--scales", "[4, 8, 16]", "--depth", "[4, 4, 4]",
            "--latent_dim", "4", *SCHEDULE, "--batch_size", "2", "--ema_bias_correction", "true",
            "--ema_decay", str(DECAY), "--log_interval", "1", "--save_interval", "1", "--sample_interval", "10",
            "--keep_checkpoint_max", "0", "--seed", "3", "--num_parallel_workers", "1"]


def run(*args):
    return subprocess.run([sys.executable, os.path.join(PGAN, "train.py"), *args], capture_output=True, text=True,
                          env=ENV, cwd=PGAN, timeout=900)


def test_the_schedule_in_images_reaches_the_reference_and_the_paper():
    reference = get_config(["--num_kimg", "[768, 1536, 1536, 1536, 1536, 1536]",
                            "--fade_kimg", "[0, 307.2, 307.2, 307.2, 307.2, 307.2]"])   # batch 16 at every scale
    plan = GrowthPlan.from_config(reference)
    assert plan.num_batch == get_config([]).num_batch == [48_000] + [96_000] * 5
    assert [plan.alpha(1, i) for i in (0, 9_600, 19_200, 95_999)] == [1.0, 0.5, 0.0, 0.0]
    assert plan.alpha(1, 1) == pytest.approx(1 - 16 / 307_200) and plan.alpha(0, 0) == 0.0
    # 8 workers show 8 × 16 images an iteration: the same images in an eighth of the iterations
    plan8 = GrowthPlan.from_config(reference, workers=8)
    assert plan8.num_batch == [6_000] + [12_000] * 5
    assert [plan8.alpha(1, i) for i in (0, 1_200, 2_400)] == [1.0, 0.5, 0.0]
    # 3 workers: 48 images an iteration (768,000 / 48 = 16,000); the paper's counts need a last, partly
    # beyond the count, iteration: ceil(800,000 / 48) = 16,667, at 128 px (batch 8) ceil(1,600,000 / 24)
    assert GrowthPlan.from_config(reference, workers=3).num_batch == [16_000] + [32_000] * 5
    paper = get_config(["--num_kimg", "[800, 1600, 1600, 1600, 1600, 1600]",
                        "--fade_kimg", "[0, 800, 800, 800, 800, 800]", "--batch_size_list", "[16, 16, 16, 16, 16, 8]"])
    plan = GrowthPlan.from_config(paper, workers=3)
    assert plan.num_batch == [16_667, 33_334, 33_334, 33_334, 33_334, 66_667]
    assert plan.alpha(5, 33_333) == pytest.approx(1 - 33_333 * 24 / 800_000) and plan.alpha(5, 33_334) == 0.0


@pytest.mark.parametrize("args, message", [
    (["--num_kimg", "[1, 2]"], "num_kimg must be [] or one value per scale (6), got [1, 2]"),
    (["--fade_kimg", "[0, 1]"], "fade_kimg must be [] or one value per scale (6), got [0, 1]"),
    (["--num_kimg", "[1, 1, 0, 1, 1, 1]"], "--num_kimg must be in (0, inf), got [1, 1, 0, 1, 1, 1]"),
    (["--fade_kimg", "[0, -1, 1, 1, 1, 1]"], "--fade_kimg must be in [0, inf)"),
    (["--ema_bias_correction", "true", "--ema_decay", "1"], "ema_decay must be in [0, 1) with ema_bias_correction"),
])
def test_bad_schedule_and_average_settings_are_refused(args, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        get_config(args)


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    root = tmp_path_factory.mktemp("pgan_growth")
    data = write_celeba_folder(str(root / "img_align_celeba"))
    out = str(root / "run")
    result = run(*flags(data, out))
    assert result.returncode == 0, result.stderr[-3000:]
    return data, out, result.stdout


def records(out):
    with open(os.path.join(out, "metrics.jsonl"), encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if '"loss_d"' in line]


def test_growth_4_to_16_fades_in_on_the_image_schedule(grown):
    _, out, stdout = grown
    values = records(out)
    assert [r["step"] for r in values] == list(range(1, 11))
    assert [r["scale"] for r in values] == SCALES
    np.testing.assert_allclose([r["alpha"] for r in values], ALPHAS, rtol=0, atol=1e-12)
    assert all(np.isfinite(r["loss_d"]) and np.isfinite(r["loss_g"]) for r in values)
    assert "iterations [2, 4, 4]" in stdout and "Scale 16 batch_i:1 alpha:0.6667 loss G:" in stdout
    for scale, last in ((4, 2), (8, 4), (16, 4)):
        assert f"AvG_{last}.ckpt" in os.listdir(os.path.join(out, "checkpoint", str(scale)))
    grid = os.path.join(out, "images", "step_00000010.png")
    assert os.path.isfile(grid), os.listdir(os.path.join(out, "images"))


def parameters(out, step, key):
    saved = read_checkpoint(os.path.join(out, "ckpt", f"step_{step:08d}", f"{key}.ckpt"))
    return {name: p.asnumpy() for name, p in saved.items() if name not in ("zoo_model", "step", "scale")}


def test_the_average_restarts_bias_corrected_at_every_scale(grown):
    """avg ← avg + r_t (G − avg), r_t = (1 − d)/(1 − d^t), t the iteration within the scale + 1: a copy of G
    at each scale's first iteration (r_1 = 1; within float32 rounding of avg + (G − avg)), then the NumPy
    update from the saved G and average."""
    _, out, _ = grown
    for step in FIRST_STEPS:
        average, generator = parameters(out, step, "AvG"), parameters(out, step, "G")
        assert sorted(average) == sorted(generator)
        for name in generator:
            np.testing.assert_allclose(average[name], generator[name], rtol=0, atol=2e-6, err_msg=f"step {step} {name}")
    for step in (s + 1 for s in FIRST_STEPS):
        before, generator = parameters(out, step - 1, "AvG"), parameters(out, step, "G")
        after, rate = parameters(out, step, "AvG"), (1 - DECAY) / (1 - DECAY ** 2)
        for name in after:
            expected = before[name] + np.float32(rate) * (generator[name] - before[name])
            np.testing.assert_allclose(after[name], expected, rtol=1e-6, atol=1e-7, err_msg=f"step {step} {name}")


@pytest.mark.slow   # a second run compiling the 8×8 and 16×16 graphs (~40 s of CPU)
def test_resume_in_the_middle_of_8_repeats_the_growth_to_16(grown, tmp_path):
    """Keep the checkpoints up to step 4 (scale 8, iteration 1, mid-fade) and resume: the rest of the 8×8 fade,
    the growth to 16 and its fade end with the uninterrupted run's parameters (G, D, average) and losses."""
    data, out, stdout = grown
    copy = str(tmp_path / "resumed")
    shutil.copytree(out, copy)
    for step in range(5, 11):
        shutil.rmtree(os.path.join(copy, "ckpt", f"step_{step:08d}"))
    os.remove(os.path.join(copy, "ckpt", "latest"))
    result = run(*flags(data, copy), "--resume", "true")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "step_00000004" in result.stdout
    assert DIGEST.search(result.stdout).group(1) == DIGEST.search(stdout).group(1)

    def losses(folder):
        return [(r["step"], r["alpha"], r["loss_d"], r["loss_g"]) for r in records(folder)]
    assert losses(copy) == losses(out)
