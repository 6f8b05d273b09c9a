"""PGAN benchmark workload in MindSpore: the zoo's networks, Adam, critic loss (WGAN-GP + drift) and steps
(PGAN/src), built for one scale as PGAN/src/trainer.py builds them (``Trainer.enter_scale``)."""
import mindspore as ms

from PGAN.src.cell import Adam, PganSteps, shared_copy
from PGAN.src.checkpoint import PREFIXES
from PGAN.src.model import Discriminator, Generator
from utils.zoo_common.ms_export import export_network
from utils.zoo_common.ms_fast_layers import apply_cpu_fast_path

from .pgan_setup import (BETA1, BETA2, DEPTH, DOWNSAMPLE, EMA_DECAY, EPSILON_DRIFT, LAMBDA_GP, LATENT_DIM, LR,
                         MINIBATCH_STDDEV, benchmark_inputs, scale_index)


class MindSporePGAN:
    """One iteration at ``scale``: the D step (reals blended by alpha, G(z) detached, gradient penalty on the
    mix, drift), then the G step with the averaged generator's update; and inference of the averaged G."""

    def __init__(self, batch_size, fast_path, kernels=None, scale=32, depth=DEPTH, latent_dim=LATENT_DIM,
                 minibatch_stddev=MINIBATCH_STDDEV, seed=0):
        index = scale_index(scale)
        self.depth, self.index, self.latent_dim = tuple(depth), index, latent_dim

        def critic():
            return Discriminator(depth, index, minibatch_stddev, DOWNSAMPLE, seed)

        self.networks = {"G": Generator(depth, index, latent_dim, seed), "D": critic(),
                         "AvG": Generator(depth, index, latent_dim, seed)}
        for key, net in self.networks.items():
            net.update_parameters_name(PREFIXES[key])
        self.fast_cells = 0
        if fast_path:  # as the trainer's cpu_fast_path: G, D, the averaged G and the critic's shared copy
            self.fast_cells = (apply_cpu_fast_path(self.networks["G"], kernels)
                               + apply_cpu_fast_path(self.networks["D"], kernels))
            apply_cpu_fast_path(self.networks["AvG"], kernels)
        critic_copy = shared_copy(self.networks["D"], critic)
        if fast_path:
            apply_cpu_fast_path(critic_copy, kernels)
        self.optimizers = {key: Adam(self.networks[key].trainable_params(), LR, BETA1, BETA2) for key in ("G", "D")}
        self.steps = PganSteps(self.networks["G"], self.networks["D"], critic_copy, self.networks["AvG"],
                               self.optimizers["G"], self.optimizers["D"], LAMBDA_GP, EPSILON_DRIFT, EMA_DECAY)
        self.inputs = benchmark_inputs(batch_size, scale, latent_dim)
        self.reals, self.d_noise, self.mix, self.g_noise, self.alpha = (ms.Tensor(value) for value in self.inputs)

    def train_step(self):
        d_loss = self.steps.d_step(self.reals, self.d_noise, self.mix, self.alpha)
        g_loss = self.steps.g_step(self.g_noise, self.alpha)
        return float(d_loss.asnumpy()), float(g_loss.asnumpy())

    def generate(self):
        return self.networks["AvG"](self.g_noise, self.alpha).asnumpy()

    def export_generator_onnx(self, path):
        """Export a fresh native averaged generator holding this one's weights (the zoo's export route), inputs
        noise and alpha, as PGAN/export.py does above 4×4. (Its ONNX parity check runs the native cells: at the
        default oneDNN ISA, minutes at the reference widths.)"""
        native = Generator(self.depth, self.index, self.latent_dim)
        weights = {param.name.removeprefix(PREFIXES["AvG"]): param for param in self.networks["AvG"].get_parameters()}
        ms.load_param_into_net(native, weights, strict_load=True)
        inputs = [self.inputs[3], self.inputs[4]]
        export_network(native, inputs, path, "ONNX", scaled_tolerance=True)  # unbounded output
        return inputs
