"""PyTorch twin of the zoo's DCGAN (specs/DCGAN.md §2, §4): its benchmark workload and a training twin.

Same layers, shapes, parameter names (``generator.<i>`` / ``discriminator.<i>``, the reference's indices),
initial-value distributions, losses, optimizer settings and step order as ``DCGAN/src``; only the framework
differs. ``load_reference_arrays`` copies a MindSpore network's parameters in, so both sides can start from
the same weights.
"""
import torch
from torch import nn

from .dcgan_setup import BETA1, BETA2, IMAGE_CHANNELS, LR, NDF, NGF, NOISE_DIM, benchmark_inputs
from .torch_arrays import load_arrays

LEAKY_SLOPE, INIT_STD = 0.2, 0.02


def _batch_norm(channels):  # MindSpore's BatchNorm2d(momentum=0.9) keeps 0.9·running + 0.1·batch
    return nn.BatchNorm2d(channels, eps=1e-5, momentum=0.1)


class Generator(nn.Module):
    """noise (N,100,1,1) → images (N,3,32,32) in [-1, 1]."""

    def __init__(self, ngf=NGF):
        super().__init__()
        widths = [NOISE_DIM, ngf * 8, ngf * 4, ngf * 2]
        layers = []
        for index in range(3):
            stride, padding = (1, 0) if index == 0 else (2, 1)
            layers += [nn.ConvTranspose2d(widths[index], widths[index + 1], 4, stride, padding, bias=False),
                       _batch_norm(widths[index + 1]), nn.ReLU()]
        layers += [nn.ConvTranspose2d(ngf * 2, IMAGE_CHANNELS, 4, 2, 1, bias=False), nn.Tanh()]
        self.generator = nn.Sequential(*layers)

    def forward(self, noise):
        return self.generator(noise)


class Discriminator(nn.Module):
    """images (N,3,32,32) → logits (N,1,1,1)."""

    def __init__(self, ndf=NDF):
        super().__init__()
        widths = [IMAGE_CHANNELS, ndf * 2, ndf * 4, ndf * 8]
        layers = [nn.Conv2d(widths[0], widths[1], 4, 2, 1, bias=False), nn.LeakyReLU(LEAKY_SLOPE)]
        for index in (1, 2):
            layers += [nn.Conv2d(widths[index], widths[index + 1], 4, 2, 1, bias=False),
                       _batch_norm(widths[index + 1]), nn.LeakyReLU(LEAKY_SLOPE)]
        layers.append(nn.Conv2d(ndf * 8, 1, 4, 1, 0, bias=False))
        self.discriminator = nn.Sequential(*layers)

    def forward(self, images):
        return self.discriminator(images)


def init_weights(*modules):
    """The reference's distributions: convolution weights N(0, 0.02), BN γ N(1, 0.02), β 0."""
    for module in modules:
        for layer in module.modules():
            if isinstance(layer, (nn.Conv2d, nn.ConvTranspose2d)):
                nn.init.normal_(layer.weight, 0.0, INIT_STD)
            elif isinstance(layer, nn.BatchNorm2d):
                nn.init.normal_(layer.weight, 1.0, INIT_STD)
                nn.init.zeros_(layer.bias)


def load_reference_arrays(module, arrays):
    """Copy parameters given under the zoo's names (``generator.0.weight``, ``generator.1.gamma``, …, BN
    statistics included) into ``module``; every parameter of ``module`` must be given, with its shape."""
    load_arrays(module, arrays)


class DCGANTwin:
    """The zoo trainer's step in PyTorch: one D update on real then fake (BN on each batch's statistics),
    then one G update with the same noise against the updated D; Adam, BCE on logits, D loss unhalved."""

    def __init__(self, ngf=NGF, ndf=NDF, lr=LR, beta1=BETA1, beta2=BETA2, seed=0):
        torch.manual_seed(seed)
        self.generator, self.discriminator = Generator(ngf), Discriminator(ndf)
        init_weights(self.generator, self.discriminator)
        self.opt_g = torch.optim.Adam(self.generator.parameters(), lr=lr, betas=(beta1, beta2), eps=1e-8)
        self.opt_d = torch.optim.Adam(self.discriminator.parameters(), lr=lr, betas=(beta1, beta2), eps=1e-8)
        self.bce = nn.BCEWithLogitsLoss()

    def train_step(self, images, noise):
        """images (N,3,32,32), noise (N,100,1,1). Returns (D loss, G loss) as tensors."""
        self.generator.train()
        self.discriminator.train()
        self.opt_d.zero_grad()
        real_logits = self.discriminator(images)
        fake_logits = self.discriminator(self.generator(noise).detach())
        d_loss = (self.bce(real_logits, torch.ones_like(real_logits))
                  + self.bce(fake_logits, torch.zeros_like(fake_logits)))
        d_loss.backward()
        self.opt_d.step()
        self.opt_g.zero_grad()
        logits = self.discriminator(self.generator(noise))
        g_loss = self.bce(logits, torch.ones_like(logits))
        g_loss.backward()
        self.opt_g.step()
        return d_loss.detach(), g_loss.detach()

    def generate(self, noise):
        self.generator.eval()
        with torch.no_grad():
            return self.generator(noise).numpy()


class TorchDCGAN:
    """Benchmark workload: the twin's training step and generator inference on one fixed batch."""

    def __init__(self, batch_size, ngf=NGF, ndf=NDF):
        self.twin = DCGANTwin(ngf, ndf)
        images, noise = benchmark_inputs(batch_size)
        self.images, self.noise = torch.from_numpy(images), torch.from_numpy(noise)

    def train_step(self):
        d_loss, g_loss = self.twin.train_step(self.images, self.noise)
        return d_loss.item(), g_loss.item()

    def generate(self):
        return self.twin.generate(self.noise)
