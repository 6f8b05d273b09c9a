"""PyTorch twin of the zoo's BigGAN (BigGAN/src, README "Model architecture") and its benchmark workload.

Same layouts (``BigGAN.src.architecture``), layer shapes, parameter counts, spectral norm (one power
iteration per training pass, u outside the optimizer), conditional BN with shared embedding and
hierarchical z, self-attention, hinge loss, orthogonal regularisation of G's conv kernels, Adam TTUR,
``d_steps`` D steps per G step and the EMA update as the TensorFlow graph of ``tf_biggan.py``. Layout is
PyTorch's NCHW; ``TorchBigGAN.generate`` returns NHWC like the TensorFlow generator.

Network passes take BigGAN's modes (``BigGAN.src.modes``): TRAIN uses batch statistics and updates the
u vectors and BN running statistics, FORWARD uses batch statistics and updates nothing, EVAL uses the
running statistics and updates nothing.
"""
import copy

import torch
import torch.nn.functional as F
from torch import nn

from BigGAN.src import architecture, modes

from .biggan_setup import benchmark_inputs, biggan_config

BN_MOMENTUM, BN_EPSILON = 0.1, 1e-5  # BigGAN/src/normalization.py: decay 0.9, ε 1e-5


def spectral_normalized(weight, u, mode):
    """weight / σ, σ from one power iteration on weight seen as [out, fan_in]; TRAIN passes move u."""
    matrix = weight.flatten(1)
    with torch.no_grad():
        v = F.normalize(u @ matrix, dim=1, eps=1e-12)
        u_next = F.normalize(v @ matrix.t(), dim=1, eps=1e-12)
    sigma = ((v @ matrix.t()) * u_next).sum()
    if mode == modes.TRAIN:
        with torch.no_grad():
            u.copy_(u_next)
    return weight / sigma


def _power_iteration_vector(out_features):
    """u [1, out] from a normal distribution truncated at 2σ (TF's truncated_normal_initializer)."""
    return nn.init.trunc_normal_(torch.empty(1, out_features), std=1.0, a=-2.0, b=2.0)


def _spectral_state(module, out_features):
    module.register_buffer("u", _power_iteration_vector(out_features))
    nn.init.orthogonal_(module.weight)
    nn.init.zeros_(module.bias)


class SNConv2d(nn.Conv2d):
    """SN convolution, stride 1, same padding, with bias."""

    def __init__(self, in_channels, out_channels, kernel_size):
        super().__init__(in_channels, out_channels, kernel_size, padding=kernel_size // 2)
        _spectral_state(self, out_channels)

    def forward(self, x, mode):  # pylint: disable=arguments-differ
        return F.conv2d(x, spectral_normalized(self.weight, self.u, mode), self.bias, padding=self.padding)


class SNLinear(nn.Linear):
    def __init__(self, in_features, out_features):
        super().__init__(in_features, out_features)
        _spectral_state(self, out_features)

    def forward(self, x, mode):  # pylint: disable=arguments-differ
        return F.linear(x, spectral_normalized(self.weight, self.u, mode), self.bias)


class BatchNorm(nn.Module):
    """Batch statistics or running statistics per mode; optional learned per-channel gain and bias."""

    def __init__(self, channels, affine):
        super().__init__()
        self.register_buffer("running_mean", torch.zeros(channels))
        self.register_buffer("running_var", torch.ones(channels))
        self.weight = nn.Parameter(torch.ones(channels)) if affine else None
        self.bias = nn.Parameter(torch.zeros(channels)) if affine else None

    def forward(self, x, mode):
        if mode == modes.EVAL:
            return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias, False, 0.0,
                                BN_EPSILON)
        if mode == modes.TRAIN:
            return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias, True,
                                BN_MOMENTUM, BN_EPSILON)
        return F.batch_norm(x, None, None, self.weight, self.bias, True, 0.0, BN_EPSILON)


class ConditionalBatchNorm(nn.Module):
    """BN with gain 1 + γ(c) and bias β(c), SN linear maps of the condition c."""

    def __init__(self, channels, condition_dim):
        super().__init__()
        self.norm = BatchNorm(channels, affine=False)
        self.gamma, self.beta = SNLinear(condition_dim, channels), SNLinear(condition_dim, channels)

    def forward(self, x, condition, mode):
        gain = 1.0 + self.gamma(condition, mode)
        return self.norm(x, mode) * gain[:, :, None, None] + self.beta(condition, mode)[:, :, None, None]


class SelfAttention(nn.Module):
    """x + σ·o(softmax(θ φᵀ) g) with 2×2 pooled keys and values, σ learned from 0."""

    def __init__(self, channels):
        super().__init__()
        self.theta, self.phi = SNConv2d(channels, channels // 8, 1), SNConv2d(channels, channels // 8, 1)
        self.g, self.o = SNConv2d(channels, channels // 2, 1), SNConv2d(channels // 2, channels, 1)
        self.sigma_ratio = nn.Parameter(torch.zeros(()))

    def forward(self, x, mode):
        batch, channels, height, width = x.shape
        theta = self.theta(x, mode).flatten(2)
        phi = F.avg_pool2d(self.phi(x, mode), 2).flatten(2)
        g = F.avg_pool2d(self.g(x, mode), 2).flatten(2)
        attention = torch.softmax(theta.transpose(1, 2) @ phi, dim=-1)
        o = (g @ attention.transpose(1, 2)).view(batch, channels // 2, height, width)
        return x + self.sigma_ratio * self.o(o, mode)


class GeneratorBlock(nn.Module):
    def __init__(self, in_channels, out_channels, condition_dim):
        super().__init__()
        self.bn0 = ConditionalBatchNorm(in_channels, condition_dim)
        self.conv0 = SNConv2d(in_channels, out_channels, 3)
        self.bn1 = ConditionalBatchNorm(out_channels, condition_dim)
        self.conv1 = SNConv2d(out_channels, out_channels, 3)
        self.shortcut = SNConv2d(in_channels, out_channels, 1)

    def forward(self, x, condition, mode):
        h = F.relu(self.bn0(x, condition, mode))
        h = self.conv0(F.interpolate(h, scale_factor=2, mode="nearest"), mode)
        h = self.conv1(F.relu(self.bn1(h, condition, mode)), mode)
        return h + self.shortcut(F.interpolate(x, scale_factor=2, mode="nearest"), mode)


class DiscriminatorBlock(nn.Module):
    def __init__(self, in_channels, out_channels, downsample, preactivate):
        super().__init__()
        self.conv0 = SNConv2d(in_channels, out_channels, 3)
        self.conv1 = SNConv2d(out_channels, out_channels, 3)
        self.shortcut = SNConv2d(in_channels, out_channels, 1)
        self.downsample, self.preactivate = downsample, preactivate

    def forward(self, x, mode):
        h = self.conv0(F.relu(x) if self.preactivate else x, mode)
        h = self.conv1(F.relu(h), mode)
        shortcut = self.shortcut(x, mode)
        if self.downsample:
            h, shortcut = F.avg_pool2d(h, 2), F.avg_pool2d(shortcut, 2)
        return h + shortcut


class Generator(nn.Module):
    """(z [N, z_dim], y [N] int64) → images [N, 3, res, res] in [-1, 1]."""

    def __init__(self, base_channel=96, num_classes=10, shared_dim=128, z_dim=120, resolution=32):
        super().__init__()
        layout = architecture.GENERATOR[architecture.check_resolution(resolution)]
        widths = [multiplier * base_channel for multiplier in layout["channels"]]
        self.chunks = architecture.z_chunk_sizes(z_dim, resolution)
        self.first_width = widths[0]
        self.embed_w = nn.Parameter(nn.init.orthogonal_(torch.empty(num_classes, shared_dim)))
        self.linear = nn.Linear(self.chunks[0] + shared_dim, 4 * 4 * widths[0])
        nn.init.orthogonal_(self.linear.weight)
        nn.init.zeros_(self.linear.bias)
        self.blocks = nn.ModuleList(GeneratorBlock(cin, cout, chunk + shared_dim)
                                    for cin, cout, chunk in zip(widths, widths[1:], self.chunks[1:]))
        self.attention_after = next(index for index in range(len(self.blocks))
                                    if 4 * 2 ** (index + 1) == layout["attention"])
        self.attention = SelfAttention(widths[self.attention_after + 1])
        self.output_bn = BatchNorm(widths[-1], affine=True)
        self.output_conv = SNConv2d(widths[-1], 3, 3)

    def forward(self, z, y, mode):
        chunks = torch.split(z, self.chunks, dim=1)
        shared = self.embed_w[y]
        h = self.linear(torch.cat((chunks[0], shared), 1)).view(-1, self.first_width, 4, 4)
        for index, (block, chunk) in enumerate(zip(self.blocks, chunks[1:])):
            h = block(h, torch.cat((chunk, shared), 1), mode)
            if index == self.attention_after:
                h = self.attention(h, mode)
        return torch.tanh(self.output_conv(F.relu(self.output_bn(h, mode)), mode))


class Discriminator(nn.Module):
    """(images [N, 3, res, res], y [N] int64) → logits [N, 1]; projection discriminator."""

    def __init__(self, base_channel=96, num_classes=10, resolution=32):
        super().__init__()
        layout = architecture.DISCRIMINATOR[architecture.check_resolution(resolution)]
        widths = [3] + [multiplier * base_channel for multiplier in layout["channels"]]
        self.blocks = nn.ModuleList(DiscriminatorBlock(cin, cout, down, preactivate=index > 0)
                                    for index, (cin, cout, down)
                                    in enumerate(zip(widths, widths[1:], layout["downsample"])))
        sizes = [resolution // 2 ** sum(layout["downsample"][:index + 1]) for index in range(len(self.blocks))]
        self.attention_after = next(index for index, (size, down) in enumerate(zip(sizes, layout["downsample"]))
                                    if down and size == layout["attention"])
        self.attention = SelfAttention(widths[self.attention_after + 1])
        self.linear = SNLinear(widths[-1], 1)
        self.embed_w = nn.Parameter(nn.init.orthogonal_(torch.empty(num_classes, widths[-1])))
        self.register_buffer("embedu", _power_iteration_vector(num_classes))

    def forward(self, x, y, mode):
        h = x
        for index, block in enumerate(self.blocks):
            h = block(h, mode)
            if index == self.attention_after:
                h = self.attention(h, mode)
        h = F.relu(h).sum(dim=(2, 3))
        projection = (spectral_normalized(self.embed_w, self.embedu, mode)[y] * h).sum(1, keepdim=True)
        return self.linear(h, mode) + projection


def orthogonal_regularization(kernels):
    """Σ_W ½‖(W Wᵀ) ⊙ (1 − I)‖²_F over conv kernels seen as [out, fan_in] (BigGAN/src/losses.py)."""
    total = 0.0
    for kernel in kernels:
        matrix = kernel.flatten(1)
        gram = matrix @ matrix.t()
        total = total + 0.5 * (gram * (1.0 - torch.eye(gram.shape[0]))).square().sum()
    return total


class TorchBigGAN:
    """One training iteration as BigGAN's trainer runs it, and generator inference (eval mode, no_grad).

    Iteration: ``d_steps`` D steps (G forward without state updates, D on real and fake in one TRAIN
    pass, hinge loss, Adam), one G step (G in TRAIN mode, D without u updates and without weight
    gradients, hinge + ortho_beta · orthogonal regularisation, Adam), then the EMA update of G.
    """

    def __init__(self, batch_size, base_channel):
        torch.manual_seed(0)
        cfg = self.cfg = biggan_config(batch_size=batch_size, base_channel=base_channel)
        self.generator = Generator(cfg.base_channel, cfg.num_classes, cfg.shared_dim, cfg.z_dim, cfg.resolution)
        self.discriminator = Discriminator(cfg.base_channel, cfg.num_classes, cfg.resolution)
        self.generator_ema = copy.deepcopy(self.generator).requires_grad_(False)
        self.opt_g = torch.optim.Adam(self.generator.parameters(), cfg.g_lr, (cfg.beta1, cfg.beta2),
                                      cfg.adam_epsilon)
        self.opt_d = torch.optim.Adam(self.discriminator.parameters(), cfg.d_lr, (cfg.beta1, cfg.beta2),
                                      cfg.adam_epsilon)
        self.g_kernels = [p for p in self.generator.parameters() if p.dim() == 4]
        images, labels, d_z, g_z = benchmark_inputs(cfg)
        self.images = torch.from_numpy(images).permute(0, 3, 1, 2).contiguous()
        self.labels = torch.from_numpy(labels).long()
        self.d_z, self.g_z = torch.from_numpy(d_z), torch.from_numpy(g_z)
        self.step = 0

    def train_discriminator(self):
        with torch.no_grad():
            fake = self.generator(self.d_z, self.labels, modes.FORWARD)
        logits = self.discriminator(torch.cat((self.images, fake)), torch.cat((self.labels, self.labels)),
                                    modes.TRAIN)
        real_logits, fake_logits = logits.chunk(2)
        loss = F.relu(1.0 - real_logits).mean() + F.relu(1.0 + fake_logits).mean()
        self.opt_d.zero_grad()
        loss.backward()
        self.opt_d.step()
        return loss.item(), real_logits.mean().item(), fake_logits.mean().item()

    def train_generator(self):
        self.discriminator.requires_grad_(False)
        adversarial = -self.discriminator(self.generator(self.g_z, self.labels, modes.TRAIN), self.labels,
                                          modes.FORWARD).mean()
        ortho = orthogonal_regularization(self.g_kernels)
        loss = adversarial + self.cfg.ortho_beta * ortho
        self.opt_g.zero_grad()
        loss.backward()
        self.opt_g.step()
        self.discriminator.requires_grad_(True)
        self.update_ema()
        self.step += 1
        return loss.item(), adversarial.item(), ortho.item()

    @torch.no_grad()
    def update_ema(self):
        """ema ← d·ema + (1 − d)·live, d = min(decay, (1 + n)/(10 + n)); u vectors copied (BigGAN/src/ema.py)."""
        rate = min(self.cfg.ema_decay, (1.0 + self.step) / (10.0 + self.step))
        for ema, live in zip(self.generator_ema.parameters(), self.generator.parameters()):
            ema.lerp_(live, 1.0 - rate)
        for (name, ema), live in zip(self.generator_ema.named_buffers(), self.generator.buffers()):
            if name.rsplit(".", 1)[-1] == "u":
                ema.copy_(live)

    def train_step(self):
        for _ in range(self.cfg.d_steps):
            d_losses = self.train_discriminator()
        return d_losses + self.train_generator()

    def generate(self):
        """Live generator in eval mode, NHWC [N, res, res, 3] like the TensorFlow generator."""
        with torch.no_grad():
            return self.generator(self.g_z, self.labels, modes.EVAL).permute(0, 2, 3, 1).numpy()
