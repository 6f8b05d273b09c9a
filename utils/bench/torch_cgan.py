"""PyTorch twin of the zoo's CGAN (specs/CGAN.md §2) and its benchmark workload.

Same layers, shapes, losses, optimizer settings and step order as the MindSpore workload in
``ms_cgan.py``; only the framework differs.
"""
import torch
from torch import nn

from .cgan_setup import BETA1, BETA2, IMAGE_SIZE, LR, NOISE_DIM, NUM_CLASSES, benchmark_inputs

FEATURES = 64


def _up(cin, cout, stride, padding):
    return [nn.ConvTranspose2d(cin, cout, 4, stride, padding, bias=False), nn.GroupNorm(1, cout), nn.ReLU()]


def _down(cin, cout):
    return [nn.Conv2d(cin, cout, 4, 2, 1, bias=False), nn.GroupNorm(1, cout), nn.LeakyReLU(0.2)]


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(NUM_CLASSES, 100)
        self.net = nn.Sequential(
            *_up(NOISE_DIM + 100, FEATURES * 4, 1, 0), *_up(FEATURES * 4, FEATURES * 2, 2, 1),
            *_up(FEATURES * 2, FEATURES, 2, 1), nn.ConvTranspose2d(FEATURES, 1, 4, 2, 1, bias=False), nn.Sigmoid())

    def forward(self, noise, labels):
        code = torch.cat((noise, self.embed(labels)), 1)
        return self.net(code[:, :, None, None])


class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(NUM_CLASSES, IMAGE_SIZE * IMAGE_SIZE)
        self.net = nn.Sequential(
            *_down(2, FEATURES), *_down(FEATURES, FEATURES * 2), *_down(FEATURES * 2, FEATURES * 4),
            nn.Conv2d(FEATURES * 4, 1, 4, 2, 0, bias=False))

    def forward(self, images, labels):
        plane = self.embed(labels).view(-1, 1, IMAGE_SIZE, IMAGE_SIZE)
        return self.net(torch.cat((images, plane), 1))


class TorchCGAN:
    """One D step then one G step with the same noise, and generator inference (eager, no_grad)."""

    def __init__(self, batch_size):
        torch.manual_seed(0)
        self.generator, self.discriminator = Generator(), Discriminator()
        self.opt_g = torch.optim.Adam(self.generator.parameters(), lr=LR, betas=(BETA1, BETA2), eps=1e-8)
        self.opt_d = torch.optim.Adam(self.discriminator.parameters(), lr=LR, betas=(BETA1, BETA2), eps=1e-8)
        self.bce = nn.BCEWithLogitsLoss()
        images, labels, noise = benchmark_inputs(batch_size)
        self.images, self.noise = torch.from_numpy(images), torch.from_numpy(noise)
        self.labels = torch.from_numpy(labels).long()

    def train_step(self):
        self.generator.train()
        self.discriminator.train()
        self.opt_d.zero_grad()
        fake_logits = self.discriminator(self.generator(self.noise, self.labels).detach(), self.labels)
        real_logits = self.discriminator(self.images, self.labels)
        d_loss = 0.5 * (self.bce(fake_logits, torch.zeros_like(fake_logits))
                        + self.bce(real_logits, torch.ones_like(real_logits)))
        d_loss.backward()
        self.opt_d.step()
        self.opt_g.zero_grad()
        logits = self.discriminator(self.generator(self.noise, self.labels), self.labels)
        g_loss = self.bce(logits, torch.ones_like(logits))
        g_loss.backward()
        self.opt_g.step()
        return d_loss.item(), g_loss.item()

    def generate(self):
        self.generator.eval()
        with torch.no_grad():
            return self.generator(self.noise, self.labels).numpy()
