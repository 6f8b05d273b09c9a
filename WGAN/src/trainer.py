"""WGAN's phases on the zoo's training loop (specs/WGAN.md §4.6).

The loop's step is the reference's generator iteration (``gen_iterations``, 1-based here). Before its G step,
step s runs ``d_iters_burst`` (100) critic steps when g = s − 1 < ``burst_until`` (25) or g % ``burst_every``
(500) == 0, else ``d_iters`` (5), each on the next real batch; as in the reference, the critic loop stops at
the end of an epoch and the G step follows (``CriticPlan``). Every critic step is followed by weight clipping
(cell.py). Checkpoints: every ``save_interval`` generator iterations, at the end of every epoch and of the run,
with the full state; the data position follows from the step, so a run resumes exactly, across epochs too.
"""
import os
import time

import numpy as np
import mindspore as ms
from mindspore import Tensor

from utils.zoo_common.image_grid import save_image_grid
from utils.zoo_common.ms_checkpoint import non_finite_parameters, parameter_digest
from utils.zoo_common.ms_train_step import gan_train_steps
from utils.zoo_common.train_loop import Schedule

from .cell import CriticLoss, GeneratorLoss, clipped_step_factory, optimizer_factory
from .checkpoint import STATE, load_initial_weights
from .dataset import open_dataset
from .generator_spec import GeneratorConfig
from .model import build_networks

GRID_SAMPLES = 64


def critic_iterations(gen_iterations, d_iters=5, d_iters_burst=100, burst_until=25, burst_every=500):
    """Critic steps before generator iteration ``gen_iterations`` (counted from 0), as the reference's Diters."""
    if gen_iterations < burst_until or gen_iterations % burst_every == 0:
        return d_iters_burst
    return d_iters


class CriticPlan:
    """The reference's loop laid out per generator iteration: for step s (1-based) the epoch (0-based), the index
    of its first batch in that epoch and its number of critic steps (cut at the end of the epoch)."""

    def __init__(self, batches_per_epoch, epochs, d_iters=5, d_iters_burst=100, burst_until=25, burst_every=500):
        self.batches_per_epoch, self.epochs = batches_per_epoch, epochs
        epoch_of, start_of, count_of = [], [], []
        for epoch in range(epochs):
            position = 0
            while position < batches_per_epoch:
                wanted = critic_iterations(len(count_of), d_iters, d_iters_burst, burst_until, burst_every)
                count = min(wanted, batches_per_epoch - position)
                epoch_of.append(epoch)
                start_of.append(position)
                count_of.append(count)
                position += count
        self.epoch_of, self.start_of = np.array(epoch_of), np.array(start_of)
        self.count_of = np.array(count_of)
        self.total_steps = len(count_of)

    def d_steps(self, step):
        return int(self.count_of[step - 1])

    def position(self, step):
        """(epoch, first batch index) of step ``step``."""
        return int(self.epoch_of[step - 1]), int(self.start_of[step - 1])

    def ends_epoch(self, step):
        return step == self.total_steps or self.epoch_of[step] != self.epoch_of[step - 1]

    def steps_in_epoch(self, epoch):
        return int(np.count_nonzero(self.epoch_of == epoch))


def step_noise(seed, step, index, rank, batch_size, nz):
    """Noise of critic step ``index`` (0, 1, ...) or, with index None, of the G step of generator iteration
    ``step``: a function of (seed, step, index, rank) only, so a resumed run draws it again."""
    key = [seed, 3, step, rank] if index is None else [seed, 1, step, index, rank]
    return np.random.default_rng(key).standard_normal((batch_size, nz, 1, 1)).astype(np.float32)


def sample_noise(seed, nz, count=GRID_SAMPLES):
    """The fixed noise of the training sample grids."""
    return np.random.default_rng([seed, 2]).standard_normal((count, nz, 1, 1)).astype(np.float32)


class Negated:
    """−loss, read from the device only when the loop reads the loss itself (the Wasserstein estimate)."""

    def __init__(self, loss):
        self.loss = loss

    def asnumpy(self):
        return -self.loss.asnumpy()


def clip_parameters(net, lower, upper):
    for param in net.trainable_params():
        param.set_data(Tensor(np.clip(param.asnumpy(), lower, upper)))


class Trainer:
    def __init__(self, config, rank=0, group_size=1):
        self.config, self.rank, self.group_size = config, rank, group_size
        if config.nc != 3:
            raise ValueError(f"nc must be 3 for training: every data source gives RGB images, got nc {config.nc}")
        self.images = open_dataset(config, group_size)
        self.description = GeneratorConfig.from_config(config)
        if rank == 0:
            self.description.write(config.output_path)
        ms.set_seed(config.seed)
        self.generator, self.critic = build_networks(config)
        if config.net_g:
            load_initial_weights(self.generator, config.net_g, "generator")
        if config.net_d:
            load_initial_weights(self.critic, config.net_d, "discriminator")
        clip_parameters(self.critic, config.clamp_lower, config.clamp_upper)
        self.optimizers, self.d_step, self.g_step = gan_train_steps(
            self.generator, self.critic, CriticLoss, GeneratorLoss, None, None, None,
            cpu_fast_path=config.cpu_fast_path and config.device_target == "CPU",
            make_optimizer=optimizer_factory(config), discriminator_step=clipped_step_factory(config))
        self.fixed_noise = Tensor(sample_noise(config.seed, config.nz))
        self.plan = CriticPlan(self.images.steps_per_epoch(config.batch_size, group_size), config.epochs,
                               config.d_iters, config.d_iters_burst, config.burst_until, config.burst_every)
        self.schedule = Schedule(total_steps=self.plan.total_steps, log_interval=config.log_interval,
                                 save_interval=config.save_interval, sample_interval=config.sample_interval,
                                 d_steps=self.plan.d_steps, extra_save=self.plan.ends_epoch)
        self._batches, self._next_batch = None, None
        self._step, self._critic_index = None, 0
        self._last_print = time.perf_counter()

    def start_message(self):
        plan = self.plan
        return (f"{len(self.images)} images, {plan.batches_per_epoch} batches/epoch, {plan.total_steps} generator "
                f"iterations over {plan.epochs} epoch(s) ({plan.steps_in_epoch(0)} in the first), "
                f"{int(plan.count_of.sum())} critic steps; seed {self.config.seed}")

    def _real_batch(self, epoch, index):
        if self._next_batch != (epoch, index):  # a new epoch, or a run resumed inside this one
            self._batches = self.images.batches(self.config.batch_size, self.config.seed, epoch, self.rank,
                                                self.group_size, start_batch=index)
        self._next_batch = (epoch, index + 1)
        return Tensor(next(self._batches))

    def train_discriminator(self, step):
        if step != self._step:
            self._step, self._critic_index = step, 0
        epoch, start = self.plan.position(step)
        images = self._real_batch(epoch, start + self._critic_index)
        noise = step_noise(self.config.seed, step, self._critic_index, self.rank, self.config.batch_size,
                           self.config.nz)
        self._critic_index += 1
        loss = self.d_step(images, Tensor(noise))
        return {"loss_d": loss, "wasserstein_estimate": Negated(loss)}

    def train_generator(self, step):
        noise = step_noise(self.config.seed, step, None, self.rank, self.config.batch_size, self.config.nz)
        return {"loss_g": self.g_step(Tensor(noise))}

    def progress_line(self, step, losses, time_per_step):
        """The reference's line ``[epoch/niter][i/len][gen_iterations] Loss_D: … Loss_G: …`` (epoch from 0, i the
        batches of the epoch used so far), with the time per generator iteration."""
        epoch, start = self.plan.position(step)
        used = start + self.plan.d_steps(step)
        return (f"[{epoch}/{self.plan.epochs}][{used}/{self.plan.batches_per_epoch}][{step}] Loss_D: "
                f"{losses['loss_d']:f} Loss_G: {losses['loss_g']:f} step_cost: {time_per_step:.4f} seconds")

    def sample_grid(self, path):
        """The fixed noise through G with BatchNorm's running statistics, as eval.py draws it; the first time
        also a grid of real images (images/real_samples.png, written once)."""
        self.generator.set_train(False)
        images = self.generator(self.fixed_noise).asnumpy()
        self.generator.set_train(True)
        columns = int(np.ceil(np.sqrt(len(images))))
        save_image_grid(images, path, ncols=columns, value_range=(-1.0, 1.0))
        real_path = os.path.join(os.path.dirname(path), "real_samples.png")
        if not os.path.exists(real_path):
            real = next(self.images.batches(min(GRID_SAMPLES, len(self.images)), self.config.seed, 0))
            save_image_grid(real, real_path, ncols=int(np.ceil(np.sqrt(len(real)))), value_range=(-1.0, 1.0))

    def write_checkpoint(self, folder, step):
        STATE.write(folder, step, self.config.seed, (self.generator, self.critic), self.optimizers)

    def load_checkpoint(self, folder):
        return STATE.read(folder, (self.generator, self.critic), self.optimizers)

    def parameter_digest(self):
        return parameter_digest([self.generator, self.critic])

    def non_finite_parameters(self):
        return non_finite_parameters([self.generator, self.critic])
