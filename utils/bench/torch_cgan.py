"""PyTorch twin of the zoo's CGAN (specs/CGAN.md §2): its benchmark workload and a training twin.

Same layers, shapes, parameter names (``net.<block>.<layer>``), losses, optimizer settings and step
order as the MindSpore networks in ``CGAN/src``; only the framework differs. ``load_reference_arrays``
copies a MindSpore network's parameters (reference names) in, so both sides can start from the same
weights; ``CGANTwin.train_step`` takes the batch and the noise from the caller, so both sides can be fed
the same data order and noise.
"""
import torch
from torch import nn

from .cgan_setup import BETA1, BETA2, IMAGE_SIZE, LR, NOISE_DIM, NUM_CLASSES, benchmark_inputs
from .torch_arrays import BN_SUFFIXES, load_arrays

FEATURES = 64


def _norm(mode, channels):
    if mode == "group":
        return nn.GroupNorm(1, channels, eps=1e-5)
    if mode == "instance":  # MindSpore's InstanceNorm2d(affine=True) keeps no running statistics in training
        return nn.InstanceNorm2d(channels, affine=True)
    if mode == "batch":
        return nn.BatchNorm2d(channels, momentum=0.1)
    raise ValueError(f"norm_mode must be group, instance or batch, got {mode!r}")


def _up(cin, cout, stride, padding, norm_mode):
    return nn.Sequential(nn.ConvTranspose2d(cin, cout, 4, stride, padding, bias=False), _norm(norm_mode, cout),
                         nn.ReLU())


def _down(cin, cout, norm_mode):
    return nn.Sequential(nn.Conv2d(cin, cout, 4, 2, 1, bias=False), _norm(norm_mode, cout), nn.LeakyReLU(0.2))


class Generator(nn.Module):
    def __init__(self, norm_mode="group"):
        super().__init__()
        self.embed = nn.Embedding(NUM_CLASSES, 100)
        self.net = nn.Sequential(
            _up(NOISE_DIM + 100, FEATURES * 4, 1, 0, norm_mode), _up(FEATURES * 4, FEATURES * 2, 2, 1, norm_mode),
            _up(FEATURES * 2, FEATURES, 2, 1, norm_mode), nn.ConvTranspose2d(FEATURES, 1, 4, 2, 1, bias=False))

    def forward(self, noise, labels):
        code = torch.cat((noise, self.embed(labels)), 1)
        return torch.sigmoid(self.net(code[:, :, None, None]))


class Discriminator(nn.Module):
    def __init__(self, norm_mode="group"):
        super().__init__()
        self.embed = nn.Embedding(NUM_CLASSES, IMAGE_SIZE * IMAGE_SIZE)
        self.net = nn.Sequential(
            _down(2, FEATURES, norm_mode), _down(FEATURES, FEATURES * 2, norm_mode),
            _down(FEATURES * 2, FEATURES * 4, norm_mode), nn.Conv2d(FEATURES * 4, 1, 4, 2, 0, bias=False))

    def forward(self, images, labels):
        plane = self.embed(labels).view(-1, 1, IMAGE_SIZE, IMAGE_SIZE)
        return self.net(torch.cat((images, plane), 1))


def load_reference_arrays(module, arrays):
    """Copy parameters given under the reference's names (``embed.embedding_table``, ``net.0.1.gamma``, …)
    into ``module``; every parameter of ``module`` must be given, with its shape."""
    load_arrays(module, arrays, {**BN_SUFFIXES, "embedding_table": "weight"})


class CGANTwin:
    """The zoo trainer's iteration in PyTorch: one D update, then one G update (Adam, BCE on logits)."""

    def __init__(self, norm_mode="group", lr=LR, beta1=BETA1, beta2=BETA2, seed=0):
        torch.manual_seed(seed)
        self.generator, self.discriminator = Generator(norm_mode), Discriminator(norm_mode)
        self.opt_g = torch.optim.Adam(self.generator.parameters(), lr=lr, betas=(beta1, beta2), eps=1e-8)
        self.opt_d = torch.optim.Adam(self.discriminator.parameters(), lr=lr, betas=(beta1, beta2), eps=1e-8)
        self.bce = nn.BCEWithLogitsLoss()

    def train_step(self, images, labels, noise, g_noise=None):
        """Tensors: images (N,1,32,32), labels (N,) int64, noise (N,100); ``g_noise`` (default: ``noise``)
        is the G step's noise. Returns (D loss, G loss) as tensors."""
        self.generator.train()
        self.discriminator.train()
        self.opt_d.zero_grad()
        fake_logits = self.discriminator(self.generator(noise, labels).detach(), labels)
        real_logits = self.discriminator(images, labels)
        d_loss = 0.5 * (self.bce(fake_logits, torch.zeros_like(fake_logits))
                        + self.bce(real_logits, torch.ones_like(real_logits)))
        d_loss.backward()
        self.opt_d.step()
        self.opt_g.zero_grad()
        logits = self.discriminator(self.generator(noise if g_noise is None else g_noise, labels), labels)
        g_loss = self.bce(logits, torch.ones_like(logits))
        g_loss.backward()
        self.opt_g.step()
        return d_loss.detach(), g_loss.detach()

    def generate(self, noise, labels):
        self.generator.eval()
        with torch.no_grad():
            return self.generator(noise, labels).numpy()


class TorchCGAN:
    """Benchmark workload: the twin's training step and generator inference on one fixed batch."""

    def __init__(self, batch_size):
        self.twin = CGANTwin()
        self.generator, self.discriminator = self.twin.generator, self.twin.discriminator
        images, labels, noise = benchmark_inputs(batch_size)
        self.images, self.noise = torch.from_numpy(images), torch.from_numpy(noise)
        self.labels = torch.from_numpy(labels).long()

    def train_step(self):
        d_loss, g_loss = self.twin.train_step(self.images, self.labels, self.noise)
        return d_loss.item(), g_loss.item()

    def generate(self):
        return self.twin.generate(self.noise, self.labels)
