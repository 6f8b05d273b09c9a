"""CGAN training loop: one D update then one G update per batch with the same noise (specs/CGAN.md §4.4)."""
import hashlib
import logging
import math
import os
import sys
import time

import numpy as np
import mindspore as ms
from mindspore import Tensor

from utils.zoo_common.atomic_file import ensure_writable_dir
from utils.zoo_common.config import save_config
from utils.zoo_common.image_grid import save_image_grid
from utils.zoo_common.ms_fast_layers import apply_cpu_fast_path
from utils.zoo_common.ms_checkpoint import (read_checkpoint, restore_train_state, save_params,
                                            train_state_params)
from utils.zoo_common.run_log import MetricsLog, keep_records_until, plot_loss_curve

from .checkpoint import (DISCRIMINATOR_TAG, GENERATOR_TAG, RESUME_FILE, TRAIN_STATE_TAG,
                          checkpoint_epochs, network_checkpoint_name)
from .cell import DiscriminatorLoss, GeneratorLoss, TrainStep, adam
from .dataset import MnistBatches, load_mnist, to_model_images
from .model import NOISE_DIM, NUM_CLASSES, Discriminator, Generator


class TrainingDiverged(ValueError):
    pass


def epoch_noise(seed, epoch, rank, steps, batch_size):
    """The noise of every step of one epoch: a function of (seed, epoch, rank) only, so resumes repeat it."""
    rng = np.random.default_rng([seed, 1, epoch, rank])
    return rng.standard_normal((steps, batch_size, NOISE_DIM)).astype(np.float32)


def sample_inputs(seed, per_class=10):
    """Fixed noise and labels for sample grids: row c of the grid holds ``per_class`` digits of class c."""
    noise = np.random.default_rng([seed, 2]).standard_normal((NUM_CLASSES * per_class, NOISE_DIM))
    labels = np.repeat(np.arange(NUM_CLASSES, dtype=np.int32), per_class)
    return noise.astype(np.float32), labels


def parameter_digest(networks):
    """A short hash of all parameter values: equal on every worker of a data-parallel run."""
    digest = hashlib.sha256()
    for net in networks:
        for param in net.get_parameters():
            digest.update(param.name.encode())
            digest.update(np.ascontiguousarray(param.asnumpy()).tobytes())
    return digest.hexdigest()[:16]


def make_logger(path, rank):
    logger = logging.getLogger(f"cgan.train.{rank}")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    for handler in (logging.StreamHandler(sys.stdout), logging.FileHandler(path)):
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    return logger


class Trainer:
    def __init__(self, config, rank=0, group_size=1):
        self.config, self.rank, self.group_size = config, rank, group_size
        self.is_main = rank == 0
        self.ckpt_dir = os.path.join(config.output_path, "ckpt")
        self.image_dir = os.path.join(config.output_path, "images")
        for folder in (config.output_path, self.ckpt_dir, self.image_dir,
                       os.path.join(config.output_path, "log")):
            ensure_writable_dir(folder)
        self._check_output_is_free()

        images, labels = load_mnist(config.data_path, "train", config.validation_size)
        self.batches = MnistBatches(to_model_images(images), labels, config.batch_size, config.seed,
                                    rank, group_size)

        ms.set_seed(config.seed)
        self.generator = Generator(norm_mode=config.norm_mode, init_gain=config.init_gain,
                                   embed_init_std=config.embed_init_std)
        self.discriminator = Discriminator(norm_mode=config.norm_mode, init_gain=config.init_gain,
                                           embed_init_std=config.embed_init_std)
        if config.cpu_fast_path and config.device_target == "CPU":
            apply_cpu_fast_path(self.generator)
            apply_cpu_fast_path(self.discriminator)
        # Both networks share parameter names; one graph holding both needs them distinct.
        self.generator.update_parameters_name("generator.")
        self.discriminator.update_parameters_name("discriminator.")
        self.optimizer_g = adam(self.generator.trainable_params(), config.lr, config.beta1, config.beta2)
        self.optimizer_d = adam(self.discriminator.trainable_params(), config.lr, config.beta1, config.beta2)
        self.d_step = TrainStep(DiscriminatorLoss(self.generator, self.discriminator), self.optimizer_d)
        self.g_step = TrainStep(GeneratorLoss(self.generator, self.discriminator), self.optimizer_g)
        self.fixed_noise, self.fixed_labels = (Tensor(a) for a in sample_inputs(config.seed))
        self.start_epoch = 0
        self.logger = make_logger(os.path.join(config.output_path, "log", f"train_rank_{rank}.log"), rank)
        self.metrics = MetricsLog(os.path.join(config.output_path, "metrics.jsonl")) if self.is_main else None

    def _check_output_is_free(self):
        existing = os.path.exists(os.path.join(self.ckpt_dir, RESUME_FILE)) or checkpoint_epochs(self.ckpt_dir)
        if existing and not self.config.resume:
            raise ValueError(f"output_path {self.config.output_path!r} already holds checkpoints; pass "
                             "--resume true to continue that run or choose another output_path")

    def _networks_and_optimizers(self):
        return [self.generator, self.discriminator], {"optimizer_G": self.optimizer_g,
                                                      "optimizer_D": self.optimizer_d}

    def resume(self):
        path = os.path.join(self.ckpt_dir, RESUME_FILE)
        if not os.path.exists(path):
            raise ValueError(f"nothing to resume: {path!r} does not exist")
        params = read_checkpoint(path)
        networks, optimizers = self._networks_and_optimizers()
        restore_train_state(params, path, networks, optimizers, TRAIN_STATE_TAG)
        self.start_epoch = int(params["epoch"].asnumpy())
        if self.is_main:
            self.metrics.close()
            metrics_path = os.path.join(self.config.output_path, "metrics.jsonl")
            keep_records_until(metrics_path, self.start_epoch)
            self.metrics = MetricsLog(metrics_path)
        self.logger.info(f"resumed from {path} after epoch {self.start_epoch}")

    def train_discriminator(self, images, labels, noise):
        return self.d_step(images, labels, noise)

    def train_generator(self, labels, noise):
        return self.g_step(labels, noise)

    def train(self):
        config, steps = self.config, self.batches.steps_per_epoch
        if self.is_main:
            save_config(config, os.path.join(config.output_path, "config.yaml"))
        prefix = f"Rank[{self.rank}] " if self.group_size > 1 else ""
        self.logger.info(f"{prefix}start training: {len(self.batches.images)} images, {steps} steps/epoch, "
                         f"epochs {self.start_epoch + 1}..{config.epochs}")
        run_start = time.perf_counter()
        for epoch in range(self.start_epoch + 1, config.epochs + 1):
            epoch_start = time.perf_counter()
            losses = self.train_epoch(epoch, prefix)
            mean_d, mean_g = (float(v) for v in losses.mean(axis=0))
            epoch_time = time.perf_counter() - epoch_start
            self.logger.info(f"{prefix}epoch [{epoch}/{config.epochs}] total {epoch_time:.1f} s, "
                             f"{epoch_time / steps:.3f} s/step, Loss_D: {mean_d:.4f} Loss_G: {mean_g:.4f}")
            if self.is_main:
                self.metrics.write(epoch=epoch, step=epoch * steps, loss_d_epoch=mean_d,
                                   loss_g_epoch=mean_g, epoch_time_s=epoch_time)
                self.save(epoch)
        total = time.perf_counter() - run_start
        self.logger.info(f"{prefix}training done: {config.epochs - self.start_epoch} epochs in {total:.1f} s; "
                         f"parameter digest {parameter_digest([self.generator, self.discriminator])}")
        if self.is_main:
            self.metrics.close()
            plot_loss_curve(os.path.join(config.output_path, "metrics.jsonl"),
                            os.path.join(config.output_path, "loss_curve.png"), ["loss_d", "loss_g"],
                            title="CGAN training losses")

    def train_epoch(self, epoch, prefix=""):
        config, steps = self.config, self.batches.steps_per_epoch
        noises = epoch_noise(config.seed, epoch, self.rank, steps, config.batch_size)
        losses, pending = [], []
        interval_start = time.perf_counter()
        for step, (images, labels) in enumerate(self.batches.epoch(epoch), 1):
            images, labels, noise = Tensor(images), Tensor(labels), Tensor(noises[step - 1])
            loss_d = self.train_discriminator(images, labels, noise)
            loss_g = self.train_generator(labels, noise)
            pending.append((loss_d, loss_g))
            if step % config.log_interval == 0 or step == steps:
                values = [(float(d.asnumpy()), float(g.asnumpy())) for d, g in pending]
                losses.extend(values)
                per_step = (time.perf_counter() - interval_start) / len(pending)
                pending, interval_start = [], time.perf_counter()
                loss_d_now, loss_g_now = values[-1]
                if not all(math.isfinite(v) for pair in values for v in pair):
                    raise TrainingDiverged(
                        f"loss is not finite at epoch {epoch} step {step} (Loss_D {loss_d_now}, Loss_G "
                        f"{loss_g_now}); the last good checkpoint is kept in {self.ckpt_dir!r}")
                self.logger.info(f"{prefix}[{epoch}/{config.epochs}][{step}/{steps}] Loss_D: {loss_d_now:.4f} "
                                 f"Loss_G: {loss_g_now:.4f} time/step: {per_step:.3f} s")
                if self.is_main:
                    self.metrics.write(epoch=epoch, step=(epoch - 1) * steps + step, loss_d=loss_d_now,
                                       loss_g=loss_g_now, time_per_step_s=per_step)
        return np.array(losses)

    def save(self, epoch):
        """Sample grid, resume state and (every save_interval epochs) G/D checkpoints of one epoch."""
        config = self.config
        save_image_grid(self.generator(self.fixed_noise, self.fixed_labels).asnumpy(),
                        os.path.join(self.image_dir, f"epoch_{epoch:03d}.png"), ncols=10)
        networks, optimizers = self._networks_and_optimizers()
        save_params(train_state_params(networks, optimizers), os.path.join(self.ckpt_dir, RESUME_FILE),
                    TRAIN_STATE_TAG, extra={"epoch": epoch, "seed": config.seed})
        if epoch % config.save_interval == 0 or epoch == config.epochs:
            for net, kind, tag in ((self.generator, "G", GENERATOR_TAG), (self.discriminator, "D", DISCRIMINATOR_TAG)):
                prefix = "generator." if kind == "G" else "discriminator."
                params = {p.name[len(prefix):]: p for p in net.get_parameters()}
                save_params(params, os.path.join(self.ckpt_dir, network_checkpoint_name(kind, epoch)), tag,
                            extra={"epoch": epoch})
            self._prune_checkpoints()

    def _prune_checkpoints(self):
        keep = self.config.keep_checkpoint_max
        epochs = checkpoint_epochs(self.ckpt_dir)
        if keep > 0:
            for epoch in epochs[:-keep]:
                for kind in "GD":
                    os.remove(os.path.join(self.ckpt_dir, network_checkpoint_name(kind, epoch)))
