"""WGAN benchmark workload in MindSpore: the zoo's own networks, losses, RMSProp and clipped critic step, built
as WGAN/src/trainer.py builds them."""
from types import SimpleNamespace

import mindspore as ms

from WGAN.src.cell import CriticLoss, GeneratorLoss, clipped_step_factory, optimizer_factory
from WGAN.src.model import Generator, build_networks
from WGAN.src.trainer import clip_parameters
from utils.zoo_common.ms_export import export_network
from utils.zoo_common.ms_fast_layers import apply_cpu_fast_path
from utils.zoo_common.ms_train_step import gan_train_steps

from .wgan_setup import (CLAMP_LOWER, CLAMP_UPPER, D_ITERS, IMAGE_CHANNELS, IMAGE_SIZE, LR, NOISE_DIM, STEPS,
                         benchmark_inputs)


def wgan_config(no_bn=False, width=64):
    """The keys of WGAN's config that its networks and steps read, at the reference's values."""
    return SimpleNamespace(image_size=IMAGE_SIZE, nz=NOISE_DIM, nc=IMAGE_CHANNELS, ngf=width, ndf=width,
                           n_extra_layers=0, no_bn=no_bn, seed=0, lr_d=LR, lr_g=LR, adam=False, beta1=0.5,
                           clamp_lower=CLAMP_LOWER, clamp_upper=CLAMP_UPPER)


class MindSporeWGAN:
    """``step="generator_iteration"``: D_ITERS clipped critic steps, each on its own batch, then one G step (the
    trainer's generator iteration); ``step="critic_step"``: one clipped critic step. And generator inference."""

    def __init__(self, batch_size, fast_path, kernels=None, step=STEPS[0], no_bn=False, width=64):
        if step not in STEPS:
            raise ValueError(f"step must be one of {STEPS}, got {step!r}")
        self.step, self.no_bn, self.width = step, no_bn, width
        config = wgan_config(no_bn, width)
        self.generator, self.critic = build_networks(config)
        clip_parameters(self.critic, CLAMP_LOWER, CLAMP_UPPER)
        self.fast_cells = 0
        if fast_path:
            self.fast_cells = (apply_cpu_fast_path(self.generator, kernels)
                               + apply_cpu_fast_path(self.critic, kernels))
        _, self.d_step, self.g_step = gan_train_steps(
            self.generator, self.critic, CriticLoss, GeneratorLoss, None, None, None,
            make_optimizer=optimizer_factory(config), discriminator_step=clipped_step_factory(config))
        self.inputs = benchmark_inputs(batch_size)
        images, critic_noise, g_noise = self.inputs
        self.images = [ms.Tensor(batch) for batch in images]
        self.critic_noise = [ms.Tensor(noise) for noise in critic_noise]
        self.g_noise = ms.Tensor(g_noise)

    def train_step(self):
        self.generator.set_train(True)
        self.critic.set_train(True)
        if self.step == "critic_step":
            return float(self.d_step(self.images[0], self.critic_noise[0]).asnumpy()), None
        for index in range(D_ITERS):
            d_loss = self.d_step(self.images[index], self.critic_noise[index])
        g_loss = self.g_step(self.g_noise)
        return float(d_loss.asnumpy()), float(g_loss.asnumpy())

    def generate(self):
        self.generator.set_train(False)
        return self.generator(self.g_noise).asnumpy()

    def export_generator_onnx(self, path):
        """Export a fresh native generator holding this one's weights (the zoo's export route)."""
        native = Generator(IMAGE_SIZE, NOISE_DIM, IMAGE_CHANNELS, self.width, 0, not self.no_bn)
        weights = {param.name.removeprefix("generator."): param for param in self.generator.get_parameters()}
        ms.load_param_into_net(native, weights, strict_load=True)
        native.set_train(False)
        export_network(native, [self.inputs[2]], path, "ONNX")
        return [self.inputs[2]]
