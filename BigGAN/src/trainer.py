"""BigGAN's phases on the zoo's training loop: D steps, G step with EMA, sample grids, full-state checkpoints."""
import hashlib
import math
import os

import numpy as np

from utils.zoo_common.image_grid import save_image_grid
from utils.zoo_common.train_loop import Schedule

from . import checkpoint
from .dataset import BatchSampler, load_cifar10, resize_images
from .latent import class_rows, sample_labels, sample_z
from .npu_adapter import chip_line, configure_session
from .tf_compat import tf
from .train_graph import TrainGraph

GRID_PER_CLASS = 10


class Trainer:
    def __init__(self, cfg):
        self.cfg = cfg
        self.session_config, self.chip, self.chip_reason = configure_session(cfg)
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
        self.sess.run(self.initializer)
        self.sess.run(self.ops.ema_init)
        self.step, self.labels, self.ema_statistics_step = 0, None, None
        self.tensorboard = tf.summary.FileWriter(os.path.join(cfg.output_path, "tensorboard"), self.graph)
        self.schedule = Schedule(total_steps=cfg.steps, log_interval=cfg.log_interval, save_interval=cfg.save_interval,
                                 sample_interval=cfg.sample_interval, d_steps=lambda step: cfg.d_steps)

    # --- state -------------------------------------------------------------------------------------
    def load_checkpoint(self, folder):
        """The full training state of a checkpoint folder; returns its step."""
        self._check_meta(checkpoint.read_meta(folder), folder)
        names = {v.op.name: v for v in self.graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)}
        checkpoint.restore(self.sess, folder, names, self.saver)
        self._set_state(checkpoint.load_state(folder))
        self.step = int(self.sess.run(self.ops.global_step))
        self.ema_statistics_step = self.step
        return self.step

    def write_checkpoint(self, folder, step):
        self.refresh_ema_statistics()
        meta = {k: getattr(self.cfg, k) for k in checkpoint.MODEL_KEYS + ("batch_size", "seed")}
        checkpoint.write(folder, self.sess, self.saver, step, self._state(), meta)

    def _check_meta(self, meta, folder):
        for key in checkpoint.MODEL_KEYS + ("batch_size",):
            if meta.get(key) != getattr(self.cfg, key):
                raise ValueError(f"checkpoint {folder!r} was trained with {key}={meta.get(key)}, "
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
    def train_discriminator(self, step):
        images, self.labels = self.sampler.next_batch()
        z = sample_z(self.latent_rng, self.cfg.batch_size, self.cfg.z_dim)
        ops = self.ops
        _, loss, real, fake = self.sess.run([ops.d_train, ops.d_loss, ops.d_real, ops.d_fake],
                                            {ops.real_images: images, ops.real_labels: self.labels, ops.d_z: z})
        return {"loss_d": float(loss), "d_real": float(real), "d_fake": float(fake)}

    def train_generator(self, step):
        """One G step on fresh z with the labels of the last real batch, then the EMA update."""
        z = sample_z(self.latent_rng, self.cfg.batch_size, self.cfg.z_dim)
        ops = self.ops
        global_step, loss, adversarial, ortho = self.sess.run(
            [ops.g_train, ops.g_loss, ops.g_adversarial, ops.g_ortho],
            {ops.g_z: z, ops.g_labels: self.labels})
        self.step = int(global_step)
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

    def sample_grid(self, path):
        """Per-class grid (one row per class) from latents fixed for the whole run."""
        cfg = self.cfg
        labels = class_rows(cfg.num_classes, GRID_PER_CLASS)
        z = sample_z(np.random.RandomState(cfg.seed), len(labels), cfg.z_dim, cfg.truncation)
        images = self.generate(z, labels)
        save_image_grid(images.transpose(0, 3, 1, 2), path, GRID_PER_CLASS, value_range=(-1.0, 1.0))

    # --- what the loop reports ---------------------------------------------------------------------
    def start_message(self):
        cfg = self.cfg
        return (chip_line(self.chip, self.chip_reason, cfg.precision_mode)
                + f", {len(self.sampler.images)} training images ({cfg.dataset_split})")

    def progress_line(self, step, losses, time_per_step):
        cfg = self.cfg
        epochs = math.ceil(cfg.steps * cfg.d_steps * cfg.batch_size / len(self.sampler.images))
        return (f"[{self.sampler.epoch + 1}/{epochs}][{step}/{cfg.steps}] Loss_D: {losses['loss_d']:.4f} "
                f"Loss_G: {losses['loss_g']:.4f} time/step: {time_per_step:.3f} s")

    def on_record(self, step, values):
        summary = tf.Summary(value=[tf.Summary.Value(tag=k, simple_value=float(v))
                                    for k, v in values.items() if k != "step"])
        self.tensorboard.add_summary(summary, step)
        self.tensorboard.flush()

    def _variables(self):
        variables = sorted(self.graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES), key=lambda v: v.op.name)
        return zip((v.op.name for v in variables), self.sess.run(variables))

    def parameter_digest(self):
        """A short hash of every graph variable (networks, EMA, optimizer slots, step)."""
        digest = hashlib.sha256()
        for name, value in self._variables():
            digest.update(name.encode())
            digest.update(np.ascontiguousarray(value).tobytes())
        return digest.hexdigest()[:16]

    def non_finite_parameters(self):
        return [name for name, value in self._variables() if not np.isfinite(value).all()]

    def close(self):
        self.tensorboard.close()
        self.sess.close()
