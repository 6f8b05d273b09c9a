"""The BigGAN training loop: D steps, G step with EMA, logging, sample grids and full-state checkpoints."""
import math
import os
import time

import numpy as np

from utils.zoo_common.atomic_file import ensure_writable_dir
from utils.zoo_common.config import save_config
from utils.zoo_common.image_grid import save_image_grid
from utils.zoo_common.run_log import plot_loss_curve

from . import checkpoint
from .dataset import BatchSampler, load_cifar10, resize_images
from .latent import class_rows, sample_labels, sample_z
from .npu_adapter import session_config
from .run_logger import RunLogger
from .tf_compat import tf
from .train_graph import TrainGraph

GRID_PER_CLASS = 10


class TrainingDiverged(ValueError):
    pass


class Trainer:
    def __init__(self, cfg):
        self.cfg = cfg
        self.session_config = session_config(cfg.chip, cfg.num_threads, cfg.precision_mode, cfg.fusion_switch_file)
        self.output_path = ensure_writable_dir(cfg.output_path)
        self.ckpt_dir = os.path.join(self.output_path, "ckpt")
        self.images_dir = os.path.join(self.output_path, "images")
        self.resume_from = checkpoint.latest(self.ckpt_dir) if cfg.resume else None
        if self.resume_from:
            self._check_meta(checkpoint.read_meta(self.resume_from))
        images, labels = load_cifar10(cfg.data_path, cfg.dataset_split)
        if labels.max() >= cfg.num_classes:
            raise ValueError(f"the data holds class {labels.max()} but num_classes is {cfg.num_classes}")
        self.sampler = BatchSampler(resize_images(images, cfg.resolution), labels, cfg.batch_size, cfg.seed)
        self.latent_rng = np.random.RandomState(cfg.seed + 1)
        self.graph = tf.Graph()
        with self.graph.as_default():
            tf.set_random_seed(cfg.seed)
            self.ops = TrainGraph(cfg)
            self.saver = tf.train.Saver(max_to_keep=None)
            self.initializer = tf.global_variables_initializer()
        self.graph.finalize()
        self.sess = tf.Session(graph=self.graph, config=self.session_config)
        self.step, self.labels, self.ema_statistics_step = 0, None, None
        self.log = None

    # --- state -------------------------------------------------------------------------------------
    def initialize(self):
        """Fresh weights, or with ``resume`` the newest complete checkpoint. Returns the resumed folder."""
        folder = self.resume_from
        if folder is None:
            self.sess.run(self.initializer)
            self.sess.run(self.ops.ema_init)
        else:
            names = {v.op.name: v for v in self.graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)}
            checkpoint.restore(self.sess, folder, names, self.saver)
            self._set_state(checkpoint.load_state(folder))
            self.step = int(self.sess.run(self.ops.global_step))
            self.ema_statistics_step = self.step
        ensure_writable_dir(self.images_dir)
        ensure_writable_dir(self.ckpt_dir)
        self.log = RunLogger(self.output_path, self.graph, resume_step=self.step if folder else None)
        save_config(self.cfg, os.path.join(self.output_path, "config.yaml"))
        return folder

    def _check_meta(self, meta):
        for key in checkpoint.MODEL_KEYS + ("batch_size",):
            if meta.get(key) != getattr(self.cfg, key):
                raise ValueError(f"checkpoint in {self.ckpt_dir!r} was trained with {key}={meta.get(key)}, "
                                 f"this run has {key}={getattr(self.cfg, key)}")

    def _state(self):
        data = self.sampler.get_state()
        state = {"data_order": data["order"], "data_position": np.array([data["epoch"], data["position"]]),
                 "labels": self.labels if self.labels is not None else np.zeros(0, np.int32)}
        state.update(checkpoint.rng_to_arrays(self.sampler.rng, "data_rng"))
        state.update(checkpoint.rng_to_arrays(self.latent_rng, "latent_rng"))
        return state

    def _set_state(self, state):
        epoch, position = state["data_position"]
        self.sampler.set_state({"epoch": int(epoch), "position": int(position), "order": state["data_order"],
                                "rng": checkpoint.rng_from_arrays(state, "data_rng")})
        self.latent_rng.set_state(checkpoint.rng_from_arrays(state, "latent_rng"))
        self.labels = state["labels"] if state["labels"].size else None

    # --- phases ------------------------------------------------------------------------------------
    def train_discriminator(self):
        images, self.labels = self.sampler.next_batch()
        z = sample_z(self.latent_rng, self.cfg.batch_size, self.cfg.z_dim)
        ops = self.ops
        _, loss, real, fake = self.sess.run([ops.d_train, ops.d_loss, ops.d_real, ops.d_fake],
                                            {ops.real_images: images, ops.real_labels: self.labels, ops.d_z: z})
        return {"loss_d": float(loss), "d_real": float(real), "d_fake": float(fake)}

    def train_generator(self):
        """One G step on fresh z with the labels of the last real batch, then the EMA update."""
        z = sample_z(self.latent_rng, self.cfg.batch_size, self.cfg.z_dim)
        ops = self.ops
        step, loss, adversarial, ortho = self.sess.run(
            [ops.g_train, ops.g_loss, ops.g_adversarial, ops.g_ortho],
            {ops.g_z: z, ops.g_labels: self.labels})
        self.step = int(step)
        return {"loss_g": float(loss), "loss_g_adv": float(adversarial), "ortho": float(ortho)}

    def refresh_ema_statistics(self):
        """Recompute the EMA generator's BN standing statistics (once per step)."""
        if self.ema_statistics_step == self.step:
            return
        cfg, ops = self.cfg, self.ops
        rng = np.random.RandomState([cfg.seed, self.step])
        self.sess.run(ops.reset_standing)
        for _ in range(cfg.standing_stats_batches):
            self.sess.run(ops.standing_pass, {ops.sample_z: sample_z(rng, cfg.batch_size, cfg.z_dim),
                                              ops.sample_labels: sample_labels(rng, cfg.batch_size, cfg.num_classes)})
        self.ema_statistics_step = self.step

    def generate(self, z, labels):
        """EMA-generator images [N, H, W, 3] in [-1, 1]."""
        self.refresh_ema_statistics()
        return self.sess.run(self.ops.samples, {self.ops.sample_z: z, self.ops.sample_labels: labels})

    def save_samples(self):
        """Per-class grid (one row per class) from latents fixed for the whole run."""
        cfg = self.cfg
        labels = class_rows(cfg.num_classes, GRID_PER_CLASS)
        z = sample_z(np.random.RandomState(cfg.seed), len(labels), cfg.z_dim, cfg.truncation)
        images = self.generate(z, labels)
        path = os.path.join(self.images_dir, f"samples_step_{self.step:08d}.png")
        return save_image_grid(images.transpose(0, 3, 1, 2), path, GRID_PER_CLASS, value_range=(-1.0, 1.0))

    def save(self):
        self.refresh_ema_statistics()
        meta = {k: getattr(self.cfg, k) for k in checkpoint.MODEL_KEYS + ("batch_size", "seed")}
        return checkpoint.save(self.sess, self.saver, self.ckpt_dir, self.step, self._state(), meta,
                               self.cfg.keep_checkpoint_max)

    # --- loop --------------------------------------------------------------------------------------
    def train(self):
        cfg = self.cfg
        resumed = self.initialize()
        if resumed:
            self.log.line(f"resumed from {resumed} at step {self.step}")
        self.log.line(f"chip {cfg.chip}" + (f", precision_mode {cfg.precision_mode}" if cfg.chip == "npu" else "")
                      + f", {len(self.sampler.images)} training images ({cfg.dataset_split})")
        epochs = math.ceil(cfg.steps * cfg.d_steps * cfg.batch_size / len(self.sampler.images))
        try:
            while self.step < cfg.steps:
                start = time.perf_counter()
                for _ in range(cfg.d_steps):
                    d_losses = self.train_discriminator()
                g_losses = self.train_generator()
                elapsed = time.perf_counter() - start
                losses = dict(d_losses, **g_losses)
                self._check_finite(losses)
                if self.step % cfg.log_interval == 0 or self.step == cfg.steps:
                    self.log.line(f"[{self.sampler.epoch + 1}/{epochs}][{self.step}/{cfg.steps}] "
                                  f"Loss_D: {losses['loss_d']:.4f} Loss_G: {losses['loss_g']:.4f} "
                                  f"time/step: {elapsed:.3f} s")
                    self.log.scalars(self.step, epoch=self.sampler.epoch + 1, time_per_step_s=elapsed, **losses)
                if self.step % cfg.sample_interval == 0 or self.step == cfg.steps:
                    self.save_samples()
                if self.step % cfg.save_interval == 0 or self.step == cfg.steps:
                    folder = self.save()
                    self.log.line(f"saved checkpoint {folder}")
            plot_loss_curve(os.path.join(self.output_path, "metrics.jsonl"),
                            os.path.join(self.output_path, "loss_curve.png"), ["loss_d", "loss_g"])
        finally:
            self.log.close()

    def _check_finite(self, losses):
        bad = {k: v for k, v in losses.items() if not math.isfinite(v)}
        if bad:
            last = checkpoint.latest(self.ckpt_dir)
            raise TrainingDiverged(f"loss became NaN/Inf at step {self.step} ({bad}); training stopped, "
                                   f"last good checkpoint: {last or 'none'}")

    def close(self):
        self.sess.close()
