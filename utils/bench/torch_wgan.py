"""PyTorch twin of the zoo's WGAN (specs/WGAN.md §2, §4): its benchmark workload and a training twin.

Same layers, parameter names (``main.<index>.<weight>``), initial values, losses, optimizer and step order as
``WGAN/src``: the critic and both generator variants, L_D = f(real) − f(G(z)) and L_G = f(G(z)) with f the
batch-mean score, critic and G in training mode in both steps, RMSProp (decay 0.99, momentum 0) with its mean
square starting at 1 as MindSpore's, the critic's weights clamped after every critic update (and once at the
start). PyTorch's RMSprop puts ε outside the square root, MindSpore's inside; with ε 1e-10 and a mean square
starting at 1 the two give the same update to float32 precision. ``load_reference_arrays`` copies a MindSpore
network's parameters in, so both sides can start from the same weights.
"""
import torch
from torch import nn

from .wgan_setup import (CLAMP_LOWER, CLAMP_UPPER, D_ITERS, IMAGE_CHANNELS, IMAGE_SIZE, LR, NOISE_DIM,
                         RMSPROP_DECAY, RMSPROP_EPSILON, STEPS, benchmark_inputs)
from .torch_arrays import load_arrays

LEAKY_SLOPE = 0.2


def _bn(channels):
    return nn.BatchNorm2d(channels, eps=1e-5, momentum=0.1)  # MindSpore's momentum 0.9 weights the old value


class Generator(nn.Module):
    def __init__(self, image_size=IMAGE_SIZE, nz=NOISE_DIM, nc=IMAGE_CHANNELS, ngf=64, batch_norm=True):
        super().__init__()
        width, size = ngf // 2, 4
        while size != image_size:
            width, size = width * 2, size * 2

        def block(layer, channels):
            return [layer, _bn(channels), nn.ReLU()] if batch_norm else [layer, nn.ReLU()]

        layers = block(nn.ConvTranspose2d(nz, width, 4, 1, 0, bias=False), width)
        size = 4
        while size < image_size // 2:
            layers += block(nn.ConvTranspose2d(width, width // 2, 4, 2, 1, bias=False), width // 2)
            width, size = width // 2, size * 2
        layers += [nn.ConvTranspose2d(width, nc, 4, 2, 1, bias=False), nn.Tanh()]
        self.main = nn.Sequential(*layers)

    def forward(self, noise):
        return self.main(noise)


class Critic(nn.Module):
    def __init__(self, image_size=IMAGE_SIZE, nc=IMAGE_CHANNELS, ndf=64):
        super().__init__()
        layers = [nn.Conv2d(nc, ndf, 4, 2, 1, bias=False), nn.LeakyReLU(LEAKY_SLOPE)]
        width, size = ndf, image_size // 2
        while size > 4:
            layers += [nn.Conv2d(width, width * 2, 4, 2, 1, bias=False), _bn(width * 2), nn.LeakyReLU(LEAKY_SLOPE)]
            width, size = width * 2, size // 2
        layers.append(nn.Conv2d(width, 1, 4, 1, 0, bias=False))
        self.main = nn.Sequential(*layers)

    def forward(self, images):
        return self.main(images).reshape(-1)


def load_reference_arrays(module, arrays):
    """Copy parameters given under the zoo's names (``main.0.weight``, ``main.1.gamma``, …, an optional
    ``generator.`` / ``discriminator.`` prefix dropped) into ``module``; every parameter and running statistic
    of ``module`` must be given, with its shape."""
    load_arrays(module, arrays, strip=("generator.", "discriminator."), buffers=True)


def rmsprop(params, lr=LR):
    """PyTorch's RMSprop with MindSpore's starting mean square (1)."""
    params = list(params)
    optimizer = torch.optim.RMSprop(params, lr=lr, alpha=RMSPROP_DECAY, eps=RMSPROP_EPSILON, momentum=0.0,
                                    centered=False)
    for param in params:
        optimizer.state[param] = {"step": torch.tensor(0.0), "square_avg": torch.ones_like(param)}
    return optimizer


class WGANTwin:
    """The zoo trainer's critic step and generator step in PyTorch."""

    def __init__(self, no_bn=False, width=64, image_size=IMAGE_SIZE, lr=LR, lower=CLAMP_LOWER, upper=CLAMP_UPPER,
                 seed=0):
        torch.manual_seed(seed)
        self.generator = Generator(image_size, ngf=width, batch_norm=not no_bn)
        self.critic = Critic(image_size, ndf=width)
        self.lower, self.upper = lower, upper
        self.opt_d, self.opt_g = rmsprop(self.critic.parameters(), lr), rmsprop(self.generator.parameters(), lr)
        self.clip()

    def clip(self):
        with torch.no_grad():
            for param in self.critic.parameters():
                param.clamp_(self.lower, self.upper)

    def critic_step(self, images, noise):
        """One critic update on real ``images`` and G(``noise``), then clipping; returns L_D before the update."""
        self.generator.train()
        self.critic.train()
        for param in self.critic.parameters():
            param.requires_grad_(True)
        self.opt_d.zero_grad()
        with torch.no_grad():
            fakes = self.generator(noise)
        loss = self.critic(images).mean() - self.critic(fakes).mean()
        loss.backward()
        self.opt_d.step()
        self.clip()
        return loss.detach()

    def generator_step(self, noise):
        """One G update (the critic's weights get no gradient); returns L_G before the update."""
        self.generator.train()
        self.critic.train()
        for param in self.critic.parameters():
            param.requires_grad_(False)
        self.opt_g.zero_grad()
        loss = self.critic(self.generator(noise)).mean()
        loss.backward()
        self.opt_g.step()
        return loss.detach()

    def generate(self, noise):
        self.generator.eval()
        with torch.no_grad():
            return self.generator(noise).numpy()


class TorchWGAN:
    """Benchmark workload: the twin's generator iteration (D_ITERS critic steps, one G step) or one critic
    step, and generator inference, on fixed batches."""

    def __init__(self, batch_size, step=STEPS[0], no_bn=False, width=64):
        if step not in STEPS:
            raise ValueError(f"step must be one of {STEPS}, got {step!r}")
        self.step = step
        self.twin = WGANTwin(no_bn, width)
        images, critic_noise, g_noise = benchmark_inputs(batch_size)
        self.images = [torch.from_numpy(batch) for batch in images]
        self.critic_noise = [torch.from_numpy(noise) for noise in critic_noise]
        self.g_noise = torch.from_numpy(g_noise)

    def train_step(self):
        if self.step == "critic_step":
            return self.twin.critic_step(self.images[0], self.critic_noise[0]).item(), None
        for index in range(D_ITERS):
            d_loss = self.twin.critic_step(self.images[index], self.critic_noise[index])
        return d_loss.item(), self.twin.generator_step(self.g_noise).item()

    def generate(self):
        return self.twin.generate(self.g_noise)
