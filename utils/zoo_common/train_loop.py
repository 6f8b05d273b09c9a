"""The training loop every model runs; a model supplies its phases and nothing else.

The unit is the generator step: step ``s`` runs ``d_steps(s)`` discriminator steps and one generator step.
A trainer (duck-typed) provides:

- ``train_discriminator(step)`` / ``train_generator(step)``: one update each, returning ``{name: loss}`` as
  device tensors or floats (read only at log intervals and before a checkpoint);
- ``sample_grid(path)``: draw the fixed-input sample grid;
- ``write_checkpoint(folder, step)`` / ``load_checkpoint(folder)`` (returns the step it holds): the full
  training state, so that a resumed run repeats the uninterrupted run's losses;
- optionally ``start_message()``, ``progress_line(step, losses, time_per_step)``, ``on_record(step, values)``,
  ``parameter_digest()`` and ``non_finite_parameters()`` (checked before every checkpoint).
"""
import math
import os
import time
from dataclasses import dataclass
from typing import Callable, Optional

from .checkpoint_folder import CheckpointFolder
from .config import save_config
from .run_folder import RunFolder
from .run_log import RunLog, plot_loss_curve


class TrainingDiverged(ValueError):
    pass


def one_d_step(step):
    return 1


def no_extra_save(step):
    return False


@dataclass
class Schedule:
    total_steps: int                 # generator steps of the whole run
    log_interval: int                # steps between progress lines / metrics records
    save_interval: int               # steps between checkpoints (the last step is always saved)
    sample_interval: int             # steps between sample grids (the last step always draws one)
    steps_per_epoch: Optional[int] = None   # gives the epoch view of the log, for models that count epochs
    d_steps: Callable[[int], int] = one_d_step   # D steps run before the G step of (1-based) step s
    extra_save: Callable[[int], bool] = no_extra_save   # steps saved besides the save_interval ones (WGAN: epoch ends)

    def epoch_of(self, step):
        """(epoch, step within the epoch), both 1-based."""
        return (step - 1) // self.steps_per_epoch + 1, (step - 1) % self.steps_per_epoch + 1

    @property
    def epochs(self):
        return math.ceil(self.total_steps / self.steps_per_epoch)


def _value(loss):
    return float(loss.asnumpy()) if hasattr(loss, "asnumpy") else float(loss)


class TrainLoop:
    def __init__(self, trainer, schedule, run, ckpts, log, start_step=0, rank=0, group_size=1):
        self.trainer, self.schedule, self.run_folder, self.ckpts, self.log = trainer, schedule, run, ckpts, log
        self.start_step, self.is_main = start_step, rank == 0
        self.prefix = f"Rank[{rank}] " if group_size > 1 else ""
        self._pending, self._interval_start = [], None
        self._epoch_values, self._epoch_start = [], None

    def run(self):
        schedule, trainer = self.schedule, self.trainer
        self.log.line(f"{self.prefix}start training: steps {self.start_step + 1}..{schedule.total_steps}")
        if hasattr(trainer, "start_message"):
            self.log.line(self.prefix + trainer.start_message())
        started = time.perf_counter()
        self._interval_start = self._epoch_start = started
        for step in range(self.start_step + 1, schedule.total_steps + 1):
            losses = {}
            for _ in range(schedule.d_steps(step)):
                losses = trainer.train_discriminator(step)
            losses = dict(losses, **trainer.train_generator(step))
            self._pending.append((step, losses))
            last = step == schedule.total_steps
            save = step % schedule.save_interval == 0 or last or schedule.extra_save(step)
            if step % schedule.log_interval == 0 or save or last:
                self._flush(log_line=step % schedule.log_interval == 0 or last)
            if schedule.steps_per_epoch and (step % schedule.steps_per_epoch == 0 or last):
                self._end_epoch(step)
            sample = step % schedule.sample_interval == 0 or last
            if self.is_main and (sample or save):
                self._check_parameters(step)
            if self.is_main and sample:
                trainer.sample_grid(os.path.join(self.run_folder.images_dir, f"step_{step:08d}.png"))
            if self.is_main and save:
                folder = self.ckpts.save(step, lambda tmp, s=step: trainer.write_checkpoint(tmp, s))
                self.log.line(f"{self.prefix}saved checkpoint {folder}")
        done = f"{self.prefix}training done: steps {self.start_step + 1}..{schedule.total_steps} in " \
               f"{time.perf_counter() - started:.1f} s"
        if hasattr(trainer, "parameter_digest"):
            done += f"; parameter digest {trainer.parameter_digest()}"
        self.log.line(done)
        if self.is_main:
            plot_loss_curve(self.run_folder.metrics_path, self.run_folder.loss_curve_path,
                            ["loss_d", "loss_g"], title="Training losses")

    def _check_parameters(self, step):
        """NaN/Inf parameters can hide behind ReLUs and normalisations with finite losses; no grid or checkpoint
        is drawn from them."""
        check = getattr(self.trainer, "non_finite_parameters", None)
        bad = check() if check else []
        if bad:
            raise TrainingDiverged(f"parameters are not finite at step {step} ({len(bad)}, e.g. {bad[0]}); training "
                                   f"stopped, last good checkpoint: {self.ckpts.latest() or 'none'}")

    def _flush(self, log_line):
        """Read the pending losses from the device, stop on NaN/Inf, log the last step's values."""
        values = [(step, {k: _value(v) for k, v in losses.items()}) for step, losses in self._pending]
        per_step = (time.perf_counter() - self._interval_start) / len(values)
        self._pending, self._interval_start = [], time.perf_counter()
        for step, losses in values:
            bad = {k: v for k, v in losses.items() if not math.isfinite(v)}
            if bad:
                raise TrainingDiverged(f"loss is not finite at step {step} ({', '.join(f'{k} {v}' for k, v in bad.items())}); "
                                       f"training stopped, last good checkpoint: {self.ckpts.latest() or 'none'}")
        self._epoch_values.extend(losses for _, losses in values)
        if not log_line:
            return
        step, losses = values[-1]
        line = getattr(self.trainer, "progress_line", None)
        self.log.line(self.prefix + (line(step, losses, per_step) if line else self._default_line(step, losses, per_step)))
        record = {"step": step}
        if self.schedule.steps_per_epoch:
            record["epoch"] = self.schedule.epoch_of(step)[0]
        record.update(losses, time_per_step_s=per_step)
        self.log.record(**record)
        if self.is_main and hasattr(self.trainer, "on_record"):
            self.trainer.on_record(step, record)

    def _default_line(self, step, losses, per_step):
        schedule = self.schedule
        if schedule.steps_per_epoch:
            epoch, in_epoch = schedule.epoch_of(step)
            where = f"[{epoch}/{schedule.epochs}][{in_epoch}/{schedule.steps_per_epoch}]"
        else:
            where = f"[{step}/{schedule.total_steps}]"
        return f"{where} Loss_D: {losses['loss_d']:.4f} Loss_G: {losses['loss_g']:.4f} time/step: {per_step:.3f} s"

    def _end_epoch(self, step):
        schedule = self.schedule
        epoch, in_epoch = schedule.epoch_of(step)
        seconds = time.perf_counter() - self._epoch_start
        steps = len(self._epoch_values)
        mean_d = sum(v["loss_d"] for v in self._epoch_values) / steps
        mean_g = sum(v["loss_g"] for v in self._epoch_values) / steps
        self.log.line(f"{self.prefix}epoch [{epoch}/{schedule.epochs}] total {seconds:.1f} s, {seconds / steps:.3f} "
                      f"s/step, Loss_D: {mean_d:.4f} Loss_G: {mean_g:.4f}")
        self.log.record(epoch=epoch, step=step, loss_d_epoch=mean_d, loss_g_epoch=mean_g, epoch_time_s=seconds)
        self._epoch_values, self._epoch_start = [], time.perf_counter()


def train(config, make_trainer, rank=0, group_size=1):
    """Open the run folder (lock, no damage to a previous run), build the trainer, resume if asked and
    possible, then run its schedule. ``config`` needs output_path, resume and keep_checkpoint_max;
    ``make_trainer(log)`` returns a trainer with a ``schedule`` attribute."""
    run = RunFolder(config.output_path, rank).open_for_training(config.resume)
    log = None
    try:
        ckpts = CheckpointFolder(run.ckpt_dir, config.keep_checkpoint_max)
        latest = ckpts.latest() if config.resume else None
        trainer = make_trainer()
        start = trainer.load_checkpoint(latest) if latest else 0
        log = RunLog(run, resume_step=start if latest else None)
        if config.resume:
            log.line(f"resumed from {latest} at step {start}" if latest
                     else f"nothing to resume in {ckpts.path}: starting fresh")
        if rank == 0:
            save_config(config, run.config_path)
        TrainLoop(trainer, trainer.schedule, run, ckpts, log, start, rank, group_size).run()
        return trainer
    finally:
        if log is not None:
            log.close()
        run.close()
