"""Exact resume across an epoch boundary: a counted run stopped by an error in epoch 0 and resumed with
``--resume true`` goes on into epoch 1 and ends with the uninterrupted run's parameters (G, critic, BN statistics,
optimizer state), losses, critic-step schedule and generator-iteration count.

"The same" is to float32 rounding (relative 1e-6): the CPU kernels' multi-threaded reductions may sum in another
order from run to run (measured: one BN β element 1 ulp apart). The learning rates are raised to 0.05 (RMSProp,
the default optimizer) so that every step moves the parameters and losses by far more than that (checked): a
resume that lost any state (an optimizer's mean squares, BN statistics, the data position, the noise) fails."""
import os

import mindspore as ms
import numpy as np
import pytest

from WGAN.src.config import get_config
from WGAN.src.trainer import Trainer
from utils.zoo_common.run_log import read_metrics
from utils.zoo_common.train_loop import train
from wgan_fixtures import tiny_flags, write_lmdb

ms.set_context(mode=ms.GRAPH_MODE)
ms.set_device("CPU")

# tiny_flags: 4 batches an epoch, critic steps per generator iteration 3, 1 | 2, 2 (epoch 0 | epoch 1).
INTERRUPTED_AT = 2   # the last generator iteration of epoch 0, stopped in its critic step; checkpoint 1 is kept
LAST = 4
RTOL = 1e-6
# Arrays that the 4 generator iterations move by more than 100 x the tolerance (G's weights move ~1e-5 relative:
# the clipped critic passes it tiny gradients and RMSProp's mean squares start at 1).
MOVING = ("D.ckpt:main.0.weight", "D.ckpt:main.3.moving_mean", "G.ckpt:main.1.moving_mean",
          "train_state.ckpt:optimizer_D.mean_square.discriminator.main.0.weight")


class Interrupted(RuntimeError):
    pass


def counting_trainer(config, record, stop_at=None):
    """make_trainer for train(): a Trainer recording (generator iteration, critic step) pairs, raising in the
    first critic step of ``stop_at``."""
    def make_trainer():
        trainer = Trainer(config)
        critic_step = trainer.train_discriminator

        def counted(step):
            if step == stop_at:
                raise Interrupted(f"stopped in generator iteration {step}")
            record.append(step)
            return critic_step(step)
        trainer.train_discriminator = counted
        return trainer
    return make_trainer


def _state(run_folder, step):
    """Every array of the checkpoint folder of ``step`` (G.ckpt, D.ckpt, train_state.ckpt) by file and name."""
    folder = os.path.join(run_folder, "ckpt", f"step_{step:08d}")
    state = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".ckpt"):
            for key, value in ms.load_checkpoint(os.path.join(folder, name)).items():
                state[f"{name}:{key}"] = value.asnumpy() if hasattr(value, "asnumpy") else value  # or a tag
    return state


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("wgan_resume")
    data = write_lmdb(str(root / "bedroom_train_lmdb"))

    def flags(name):
        return tiny_flags(data, str(root / name), epochs=2) + ["--save_interval", "1", "--lr_d", "0.05",
                                                               "--lr_g", "0.05"]

    whole_steps = []
    config = get_config(flags("whole"))
    whole = train(config, counting_trainer(config, whole_steps))
    first_steps, resumed_steps = [], []
    config = get_config(flags("resumed"))
    with pytest.raises(Interrupted):
        train(config, counting_trainer(config, first_steps, stop_at=INTERRUPTED_AT))
    kept = sorted(os.listdir(os.path.join(config.output_path, "ckpt")))
    config = get_config(flags("resumed") + ["--resume", "true"])
    resumed = train(config, counting_trainer(config, resumed_steps))
    return {"whole": (whole, whole_steps), "first": first_steps, "kept": kept,
            "resumed": (resumed, resumed_steps), "root": root}


def test_the_interrupted_run_stopped_in_epoch_0_and_the_resumed_run_crossed_into_epoch_1(runs):
    whole, whole_steps = runs["whole"]
    resumed, resumed_steps = runs["resumed"]
    assert runs["kept"] == ["latest", "step_00000001"]
    assert whole.plan.position(INTERRUPTED_AT)[0] == 0 and whole.plan.ends_epoch(INTERRUPTED_AT)
    assert whole.plan.position(INTERRUPTED_AT + 1) == (1, 0)
    # the critic schedule is the uninterrupted one: 3 (burst), 1 (epoch 0's last batch), 2, 2
    assert runs["first"] == [1, 1, 1]
    assert resumed_steps == [2, 3, 3, 4, 4]
    assert runs["first"] + resumed_steps == whole_steps
    with open(runs["root"] / "resumed" / "log" / "train_rank_0.log") as handle:
        log = handle.read()
    assert "resumed from" in log and "at step 1" in log
    assert "[1/2][4/4][4] Loss_D: " in log


def test_resumed_run_ends_with_the_uninterrupted_parameters_losses_and_count(runs):
    root = runs["root"]
    whole_state, resumed_state = _state(root / "whole", LAST), _state(root / "resumed", LAST)
    assert whole_state.keys() == resumed_state.keys()
    assert int(whole_state["train_state.ckpt:step"]) == LAST
    start_state = _state(root / "whole", INTERRUPTED_AT - 1)
    assert set(MOVING) <= whole_state.keys()
    for key, value in whole_state.items():
        if isinstance(value, str):
            assert resumed_state[key] == value, key
            continue
        np.testing.assert_allclose(resumed_state[key], value, rtol=RTOL, atol=RTOL * np.abs(value).max(), err_msg=key)
        if key in MOVING:
            assert np.abs(value - start_state[key]).max() > 100 * RTOL * np.abs(value).max(), f"{key} did not move"
    whole_records = read_metrics(root / "whole" / "metrics.jsonl")
    resumed_records = read_metrics(root / "resumed" / "metrics.jsonl")
    assert [r["step"] for r in resumed_records] == [r["step"] for r in whole_records] == [1, 2, 3, 4]
    for got, want in zip(resumed_records, whole_records):
        for key in ("loss_d", "loss_g", "wasserstein_estimate"):
            assert got[key] == pytest.approx(want[key], rel=RTOL), (got["step"], key)
    losses = [r["loss_d"] for r in whole_records]
    assert max(losses) - min(losses) > 100 * RTOL * max(abs(v) for v in losses)
