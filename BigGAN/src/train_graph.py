"""The training graph: one D step, one G step (+ EMA update), EMA sampling and standing statistics."""
from . import ema, modes
from .architecture import discriminator_kwargs, generator_kwargs
from .discriminator import discriminator
from .generator import generator
from .losses import (conv_kernels, discriminator_hinge_loss, generator_hinge_loss,
                     orthogonal_regularization)
from .normalization import reset_standing_statistics
from .tf_compat import tf


class TrainGraph:
    """Placeholders and ops of one BigGAN training run, built into the default graph.

    D step: D sees real and fake images in one pass (one u update, in a defined order); G runs
    with batch statistics and no state update. G step: G runs in training mode; D runs without
    updating its u vectors. The EMA update follows the G update, the step increment follows the EMA.
    """

    def __init__(self, cfg):
        g_kwargs, d_kwargs = generator_kwargs(cfg), discriminator_kwargs(cfg)
        res, batch = cfg.resolution, cfg.batch_size
        self.real_images = tf.placeholder(tf.float32, [batch, res, res, 3], "real_images")
        self.real_labels = tf.placeholder(tf.int32, [batch], "real_labels")
        self.d_z = tf.placeholder(tf.float32, [batch, cfg.z_dim], "d_z")
        self.g_z = tf.placeholder(tf.float32, [batch, cfg.z_dim], "g_z")
        self.g_labels = tf.placeholder(tf.int32, [batch], "g_labels")
        self.global_step = tf.train.get_or_create_global_step()

        fake = generator(self.d_z, self.real_labels, modes.FORWARD, **g_kwargs)
        logits = discriminator(tf.concat([self.real_images, fake], 0),
                               tf.concat([self.real_labels, self.real_labels], 0), modes.TRAIN, **d_kwargs)
        real_logits, fake_logits = tf.split(logits, 2, axis=0)
        self.d_loss = discriminator_hinge_loss(real_logits, fake_logits)
        self.d_real, self.d_fake = tf.reduce_mean(real_logits), tf.reduce_mean(fake_logits)
        d_vars = tf.trainable_variables("discriminator/")
        d_optimizer = tf.train.AdamOptimizer(cfg.d_lr, cfg.beta1, cfg.beta2, cfg.adam_epsilon, name="d_adam")
        self.d_train = d_optimizer.minimize(self.d_loss, var_list=d_vars)

        fake = generator(self.g_z, self.g_labels, modes.TRAIN, **g_kwargs)
        g_vars = tf.trainable_variables(ema.LIVE_SCOPE + "/")
        self.g_adversarial = generator_hinge_loss(
            discriminator(fake, self.g_labels, modes.FORWARD, **d_kwargs))
        self.g_ortho = orthogonal_regularization(conv_kernels(g_vars))
        self.g_loss = self.g_adversarial + cfg.ortho_beta * self.g_ortho
        g_optimizer = tf.train.AdamOptimizer(cfg.g_lr, cfg.beta1, cfg.beta2, cfg.adam_epsilon, name="g_adam")
        g_train = g_optimizer.minimize(self.g_loss, var_list=g_vars)

        self.sample_z = tf.placeholder(tf.float32, [None, cfg.z_dim], "sample_z")
        self.sample_labels = tf.placeholder(tf.int32, [None], "sample_labels")
        self.samples = generator(self.sample_z, self.sample_labels, modes.EVAL, scope=ema.EMA_SCOPE,
                                 trainable=False, **g_kwargs)
        self.standing_pass = generator(self.sample_z, self.sample_labels, modes.STANDING,
                                       scope=ema.EMA_SCOPE, trainable=False, **g_kwargs)
        self.reset_standing = reset_standing_statistics(ema.scope_variables(ema.EMA_SCOPE))
        with tf.control_dependencies([g_train]):
            ema_update = ema.ema_update(cfg.ema_decay, self.global_step)
        with tf.control_dependencies([ema_update]):
            self.g_train = tf.assign_add(self.global_step, 1)
        self.ema_init = ema.ema_copy()
