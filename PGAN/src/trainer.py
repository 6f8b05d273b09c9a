"""PGAN's phases on the zoo's training loop (specs/PGAN.md §2.5, §4.6).

The loop's step is one iteration (a D step, then a G step and the averaged-generator update); the run's steps
are laid out over the scales by ``GrowthPlan``. Entering scale index k > 0 builds G, D and the averaged G at
k and copies every parameter of the networks at k − 1 into them (the averaged G keeps its own average of the
old layers; its new layers start equal to G's), then builds fresh Adams with ``lr_list[k]`` (G and D).
With ``ema_bias_correction`` the averaged G is instead the bias-corrected average of G over the iterations of
the current scale (utils/zoo_common/ms_average.py, r_t = (1 − d)/(1 − d^t), t the iteration within the scale
+ 1): its first iteration at a scale copies G, so a short scale's average holds no initial weights.
Everything random in a step is a function of (seed, step, rank): the noise of both steps and the mixing
weights e ~ U[0, 1] of the gradient penalty, drawn anew every step; the real batch follows from the step
(dataset.py). A resumed run therefore repeats the uninterrupted one, mid-scale or across a scale change.
"""
import os

import numpy as np
import mindspore as ms
from mindspore import Tensor

from utils.zoo_common.image_grid import save_image_grid
from utils.zoo_common.ms_average import AverageUpdate, average_rate
from utils.zoo_common.ms_checkpoint import non_finite_parameters, parameter_digest
from utils.zoo_common.run_folder import remove_stale_temp_files
from utils.zoo_common.train_loop import Schedule

from .cell import Adam, PganSteps, shared_copy
from .checkpoint import PREFIXES, read_state, read_step, write_reference_files, write_state
from .dataset import ScaleBatches, open_images
from .generator_spec import GeneratorConfig
from .model import Discriminator, Generator, copy_parameters
from .schedule import GrowthPlan

GRID_SAMPLES = 64


def step_noise(seed, step, which, rank, batch_size, latent_dim):
    """Latent batch of the D step (which 1) or G step (which 3) of ``step``."""
    return np.random.default_rng([seed, which, step, rank]).standard_normal((batch_size, latent_dim)).astype(np.float32)


def mixing_weights(seed, step, rank, batch_size):
    """The gradient penalty's e ~ U[0, 1], one per sample, (N, 1, 1, 1), fresh at every step (spec §9.5)."""
    return np.random.default_rng([seed, 5, step, rank]).uniform(0.0, 1.0, (batch_size, 1, 1, 1)).astype(np.float32)


def sample_noise(seed, latent_dim, count=GRID_SAMPLES):
    return np.random.default_rng([seed, 2]).standard_normal((count, latent_dim)).astype(np.float32)


class Trainer:
    def __init__(self, config, rank=0, group_size=1):
        self.config, self.rank, self.group_size = config, rank, group_size
        self.images = open_images(config)
        self.plan = GrowthPlan.from_config(config, group_size)
        self.description = GeneratorConfig.from_config(config)
        self.save_dir = config.ckpt_save_dir or os.path.join(config.output_path, "checkpoint")
        if rank == 0:
            self.description.write(config.output_path)
            remove_stale_temp_files(*[os.path.join(self.save_dir, str(s)) for s in config.scales])
        ms.set_seed(config.seed)
        self.fixed_noise = Tensor(sample_noise(config.seed, config.latent_dim))
        self.schedule = Schedule(total_steps=self.plan.total_steps, log_interval=config.log_interval,
                                 save_interval=config.save_interval, sample_interval=config.sample_interval,
                                 extra_save=self.plan.ends_scale)
        self.index = None
        self.networks, self.optimizers, self.steps, self.batches = {}, {}, None, None
        self.average_update = None
        self._alpha = 0.0

    # ---- scales ----
    def _build(self, index):
        c = self.config
        return {"G": Generator(c.depth, index, c.latent_dim, c.seed),
                "D": Discriminator(c.depth, index, c.minibatch_stddev, c.downsample, c.seed),
                "AvG": Generator(c.depth, index, c.latent_dim, c.seed)}

    def enter_scale(self, index, grow=True):
        """Build the networks, optimizers and steps of scale ``index``; with ``grow`` carry the current
        networks' parameters over."""
        c = self.config
        networks = self._build(index)
        if grow and self.networks:
            for key, net in networks.items():
                copy_parameters(self.networks[key], net, PREFIXES[key])
        for key, net in networks.items():
            net.update_parameters_name(PREFIXES[key])
        fast_path = c.cpu_fast_path and c.device_target == "CPU"
        if fast_path:  # every network and D's shared copy (the compiled convolutions are differentiable twice)
            from utils.zoo_common.ms_fast_layers import apply_cpu_fast_path
            for net in networks.values():
                apply_cpu_fast_path(net)
        critic_copy = shared_copy(networks["D"], lambda: Discriminator(c.depth, index, c.minibatch_stddev,
                                                                         c.downsample, c.seed))
        if fast_path:
            apply_cpu_fast_path(critic_copy)
        lr = c.lr_list[index]
        self.optimizers = {"optimizer_G": Adam(networks["G"].trainable_params(), lr, c.beta1, c.beta2),
                           "optimizer_D": Adam(networks["D"].trainable_params(), lr, c.beta1, c.beta2)}
        # With ema_bias_correction the G step's own average is held (decay 1: avg ← avg) and AverageUpdate
        # averages after it, at the bias-corrected rate of the iteration within the scale.
        self.steps = PganSteps(networks["G"], networks["D"], critic_copy, networks["AvG"],
                               self.optimizers["optimizer_G"], self.optimizers["optimizer_D"], c.lambda_gp,
                               c.epsilon_drift, 1.0 if c.ema_bias_correction else c.ema_decay, c.blend_reals)
        self.average_update = AverageUpdate(networks["G"], networks["AvG"]) if c.ema_bias_correction else None
        self.networks, self.index = networks, index
        self.batches = ScaleBatches(self.images, index, c.scales[index], c.batch_size_list[index], c.seed,
                                    self.rank, self.group_size)

    def _at(self, step):
        index, iteration = self.plan.locate(step)
        if index != self.index:
            self.enter_scale(index)
        return index, iteration

    @property
    def scale(self):
        return self.config.scales[self.index]

    def start_message(self):
        c = self.config
        return (f"{len(self.images)} images; scales {c.scales}, iterations {self.plan.num_batch}, batch sizes "
                f"{c.batch_size_list}, learning rates {c.lr_list}; seed {c.seed}")

    # ---- phases ----
    def train_discriminator(self, step):
        index, iteration = self._at(step)
        batch = self.config.batch_size_list[index]
        self._alpha = self.plan.alpha(index, iteration)
        alpha = Tensor(np.full((batch, 1), self._alpha, np.float32))
        reals = Tensor(self.batches.batch(iteration))
        noise = step_noise(self.config.seed, step, 1, self.rank, batch, self.config.latent_dim)
        mix = mixing_weights(self.config.seed, step, self.rank, batch)
        loss = self.steps.d_step(reals, Tensor(noise), Tensor(mix), alpha)
        return {"loss_d": loss}

    def train_generator(self, step):
        index, iteration = self._at(step)
        batch = self.config.batch_size_list[index]
        alpha = Tensor(np.full((batch, 1), self._alpha, np.float32))
        noise = step_noise(self.config.seed, step, 3, self.rank, batch, self.config.latent_dim)
        loss = self.steps.g_step(Tensor(noise), alpha)
        if self.average_update is not None:
            self.average_update(average_rate(self.config.ema_decay, iteration + 1))
        return {"loss_g": loss, "alpha": self._alpha, "scale": float(self.scale)}

    def progress_line(self, step, losses, time_per_step):
        """The reference's line ``batch_i:<i> alpha:<a> loss G:<g> loss D:<d>`` with the scale and the time."""
        index, iteration = self.plan.locate(step)
        return (f"Scale {self.config.scales[index]} batch_i:{iteration} alpha:{losses['alpha']:.4f} "
                f"loss G:{losses['loss_g']:.4f} loss D:{losses['loss_d']:.4f} step [{step}/{self.plan.total_steps}] "
                f"time/step: {time_per_step:.3f} s")

    def sample_grid(self, path):
        """The averaged generator on the fixed noise at the current alpha."""
        average = self.networks["AvG"]
        alpha = Tensor(np.full((len(self.fixed_noise), 1), self._alpha, np.float32))
        images = np.clip(average(self.fixed_noise, alpha).asnumpy(), -1.0, 1.0)
        save_image_grid(images, path, ncols=int(np.ceil(np.sqrt(len(images)))), value_range=(-1.0, 1.0))

    # ---- checkpoints ----
    def write_checkpoint(self, folder, step):
        index, iteration = self.plan.locate(step)
        write_state(folder, self.networks, self.optimizers, step, self.config.seed, self.config.scales[index])
        write_reference_files(self.save_dir, self.config.scales[index], iteration + 1, self.networks)

    def load_checkpoint(self, folder):
        step = read_step(folder)
        index, iteration = self.plan.locate(step)
        self.enter_scale(index, grow=False)
        read_state(folder, self.networks, self.optimizers)
        self._alpha = self.plan.alpha(index, iteration)
        return step

    def parameter_digest(self):
        return parameter_digest(list(self.networks.values()))

    def non_finite_parameters(self):
        return non_finite_parameters(list(self.networks.values()))
