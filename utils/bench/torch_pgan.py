"""PyTorch twin of the zoo's PGAN (specs/PGAN.md §2, §4; PGAN/src/model.py, cell.py): its benchmark workload
and a training twin at one scale.

Same layers, parameter names (``blocks.<j>.conv1.conv.weight``, ``output_block.dense.bias``, …), equalized-lr
scales, fade-in, losses, step order and optimizer as ``PGAN/src``: equalized-lr convolutions (weight scaled by
sqrt(2 / fan_in) at run time, bias unscaled) and dense layers, pixel norm, LeakyReLU 0.2, nearest ×2
upsampling, 2×2 average pooling, the minibatch-stddev map (group 4); L_D = mean D(G(z)) − mean D(real) +
λ·mean (‖∇D(x̂)‖₂ − 1)² + ε·mean D(real)² with x̂ = e·real + (1 − e)·G(z), G(z) detached, reals blended with
their pooled-and-upsampled version by alpha during a fade; L_G = −mean D(G(z)); Adam with β1 = 0 (PyTorch's
Adam takes 0), then avg ← decay·avg + (1 − decay)·G. The mixing weights e are an input, so both sides can be
fed the same. ``load_reference_arrays`` copies a MindSpore network's parameters in.
"""
import math

import torch
import torch.nn.functional as F
from torch import nn

from .pgan_setup import (BETA1, BETA2, DEPTH, DOWNSAMPLE, EMA_DECAY, EPSILON_DRIFT, IMAGE_CHANNELS, LAMBDA_GP,
                         LATENT_DIM, LR, MINIBATCH_STDDEV, benchmark_inputs, scale_index)
from .torch_arrays import load_arrays

LEAKY_SLOPE = 0.2
ADAM_EPSILON = 1e-8
PIXEL_NORM_EPSILON = STDDEV_EPSILON = 1e-8


class EqualizedConv2d(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size, padding=(kernel_size - 1) // 2, bias=False)
        nn.init.normal_(self.conv.weight)
        self.bias = nn.Parameter(torch.zeros(out_channels))
        self.scale = math.sqrt(2.0 / (in_channels * kernel_size * kernel_size))

    def forward(self, x):
        return self.conv(x) * self.scale + self.bias.view(1, -1, 1, 1)


class EqualizedDense(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_channels, in_channels))
        self.bias = nn.Parameter(torch.zeros(out_channels))
        self.scale = math.sqrt(2.0 / in_channels)

    def forward(self, x):
        return F.linear(x, self.weight) * self.scale + self.bias


def pixel_norm(x):
    return x / torch.sqrt((x * x).mean(dim=1, keepdim=True) + PIXEL_NORM_EPSILON)


def leaky_relu(x):
    return F.leaky_relu(x, LEAKY_SLOPE)


def upsample2(x):
    return F.interpolate(x, scale_factor=2, mode="nearest")


def downsample2(x, mode=DOWNSAMPLE):
    return F.avg_pool2d(x, 2) if mode == "avg" else F.max_pool2d(x, 2)


def minibatch_stddev(x, group_size=4):
    n, c, h, w = x.shape
    size = min(n, group_size)
    if n % size:
        size = n
    y = x.reshape(n // size, size, c, h, w)
    y = torch.sqrt(((y - y.mean(dim=1, keepdim=True)) ** 2).mean(dim=1) + STDDEV_EPSILON)
    y = y.mean(dim=(1, 2, 3)).reshape(n // size, 1, 1, 1, 1).expand(n // size, size, 1, h, w).reshape(n, 1, h, w)
    return torch.cat((x, y), 1)


class GeneratorBlock(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv1 = EqualizedConv2d(in_channels, out_channels, 3)
        self.conv2 = EqualizedConv2d(out_channels, out_channels, 3)

    def forward(self, x):
        x = pixel_norm(leaky_relu(self.conv1(upsample2(x))))
        return pixel_norm(leaky_relu(self.conv2(x)))


class GeneratorInput(nn.Module):
    def __init__(self, latent_dim, channels):
        super().__init__()
        self.channels = channels
        self.dense = EqualizedDense(latent_dim, 16 * channels)
        self.conv = EqualizedConv2d(channels, channels, 3)

    def forward(self, z):
        x = leaky_relu(self.dense(pixel_norm(z)))
        x = pixel_norm(x.reshape(x.shape[0], self.channels, 4, 4))
        return pixel_norm(leaky_relu(self.conv(x)))


class Generator(nn.Module):
    def __init__(self, depth=DEPTH, index=3, latent_dim=LATENT_DIM):
        super().__init__()
        self.index = index
        self.input_block = GeneratorInput(latent_dim, depth[0])
        self.blocks = nn.ModuleList([GeneratorBlock(depth[j - 1], depth[j]) for j in range(1, index + 1)])
        self.to_rgb = nn.ModuleList([EqualizedConv2d(depth[j], IMAGE_CHANNELS, 1) for j in range(index + 1)])

    def forward(self, noise, alpha):
        x = previous = self.input_block(noise)
        for block in self.blocks:
            previous, x = x, block(x)
        if self.index == 0:
            return self.to_rgb[0](x)
        alpha = alpha.view(-1, 1, 1, 1)
        return alpha * upsample2(self.to_rgb[self.index - 1](previous)) + (1 - alpha) * self.to_rgb[self.index](x)


class CriticBlock(nn.Module):
    def __init__(self, in_channels, out_channels, downsample):
        super().__init__()
        self.conv1 = EqualizedConv2d(in_channels, in_channels, 3)
        self.conv2 = EqualizedConv2d(in_channels, out_channels, 3)
        self.downsample = downsample

    def forward(self, x):
        return downsample2(leaky_relu(self.conv2(leaky_relu(self.conv1(x)))), self.downsample)


class CriticOutput(nn.Module):
    def __init__(self, channels, stddev):
        super().__init__()
        self.stddev = stddev
        self.conv = EqualizedConv2d(channels + (1 if stddev else 0), channels, 3)
        self.dense = EqualizedDense(16 * channels, channels)
        self.decision = EqualizedDense(channels, 1)

    def forward(self, x):
        if self.stddev:
            x = minibatch_stddev(x)
        x = leaky_relu(self.conv(x))
        return self.decision(leaky_relu(self.dense(x.flatten(1))))


class Discriminator(nn.Module):
    def __init__(self, depth=DEPTH, index=3, stddev=MINIBATCH_STDDEV, downsample=DOWNSAMPLE):
        super().__init__()
        self.index, self.downsample = index, downsample
        self.from_rgb = nn.ModuleList([EqualizedConv2d(IMAGE_CHANNELS, depth[j], 1) for j in range(index + 1)])
        self.blocks = nn.ModuleList([CriticBlock(depth[j], depth[j - 1], downsample) for j in range(1, index + 1)])
        self.output_block = CriticOutput(depth[0], stddev)

    def forward(self, image, alpha):
        k = self.index
        x = leaky_relu(self.from_rgb[k](image))
        if k > 0:
            x = self.blocks[k - 1](x)
            old = leaky_relu(self.from_rgb[k - 1](downsample2(image, self.downsample)))
            alpha = alpha.view(-1, 1, 1, 1)
            x = alpha * old + (1 - alpha) * x
            for j in range(k - 2, -1, -1):
                x = self.blocks[j](x)
        return self.output_block(x)


def load_reference_arrays(module, arrays):
    """Copy parameters given under the zoo's names (an optional ``generator.`` / ``discriminator.`` /
    ``average_generator.`` prefix dropped) into ``module``; every parameter must be given, with its shape."""
    load_arrays(module, arrays, suffixes={}, strip=("average_generator.", "generator.", "discriminator."))


class PGANTwin:
    """The zoo's D step and G step (with the averaged generator) at one scale, in PyTorch."""

    def __init__(self, scale=32, depth=DEPTH, latent_dim=LATENT_DIM, stddev=MINIBATCH_STDDEV, seed=0):
        torch.manual_seed(seed)
        index = scale_index(scale)
        self.fading = index > 0
        self.generator = Generator(depth, index, latent_dim)
        self.critic = Discriminator(depth, index, stddev)
        self.average = Generator(depth, index, latent_dim).requires_grad_(False)
        self.average.load_state_dict(self.generator.state_dict())
        self.opt_g = torch.optim.Adam(self.generator.parameters(), LR, (BETA1, BETA2), ADAM_EPSILON)
        self.opt_d = torch.optim.Adam(self.critic.parameters(), LR, (BETA1, BETA2), ADAM_EPSILON)

    def critic_step(self, reals, noise, mix, alpha):
        """One D update; returns L_D before it."""
        self.critic.requires_grad_(True)
        self.opt_d.zero_grad(set_to_none=True)
        if self.fading:
            a = alpha.view(-1, 1, 1, 1)
            reals = a * upsample2(downsample2(reals, "avg")) + (1 - a) * reals
        with torch.no_grad():
            fakes = self.generator(noise, alpha)
        real_scores = self.critic(reals, alpha)
        interpolated = (mix * reals + (1 - mix) * fakes).detach().requires_grad_(True)
        gradient, = torch.autograd.grad(self.critic(interpolated, alpha).sum(), interpolated, create_graph=True)
        penalty = ((gradient.flatten(1).norm(dim=1) - 1) ** 2).mean()
        loss = (self.critic(fakes, alpha).mean() - real_scores.mean() + LAMBDA_GP * penalty
                + EPSILON_DRIFT * (real_scores ** 2).mean())
        loss.backward()
        self.opt_d.step()
        return loss.detach()

    def generator_step(self, noise, alpha):
        """One G update (no gradient for D's weights), then the averaged generator's; returns L_G before it."""
        self.critic.requires_grad_(False)
        self.opt_g.zero_grad(set_to_none=True)
        loss = -self.critic(self.generator(noise, alpha), alpha).mean()
        loss.backward()
        self.opt_g.step()
        with torch.no_grad():
            averaged, current = list(self.average.parameters()), list(self.generator.parameters())
            torch._foreach_lerp_(averaged, current, 1.0 - EMA_DECAY)  # pylint: disable=protected-access
        return loss.detach()

    def generate(self, noise, alpha):
        with torch.no_grad():
            return self.average(noise, alpha).numpy()


class TorchPGAN:
    """Benchmark workload: one iteration (D step, G step, averaged G) and averaged-G inference, fixed inputs."""

    def __init__(self, batch_size, scale=32, depth=DEPTH, latent_dim=LATENT_DIM, minibatch_stddev=MINIBATCH_STDDEV):
        self.twin = PGANTwin(scale, depth, latent_dim, minibatch_stddev)
        self.reals, self.d_noise, self.mix, self.g_noise, self.alpha = (
            torch.from_numpy(value) for value in benchmark_inputs(batch_size, scale, latent_dim))

    def train_step(self):
        d_loss = self.twin.critic_step(self.reals, self.d_noise, self.mix, self.alpha)
        return d_loss.item(), self.twin.generator_step(self.g_noise, self.alpha).item()

    def generate(self):
        return self.twin.generate(self.g_noise, self.alpha)
