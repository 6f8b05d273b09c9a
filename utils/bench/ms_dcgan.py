"""DCGAN benchmark workload in MindSpore: the zoo's own networks, losses and train steps (DCGAN/src)."""
import mindspore as ms

from DCGAN.src.cell import DiscriminatorLoss, GeneratorLoss
from DCGAN.src.model import Generator, build_networks
from utils.zoo_common.ms_export import export_network
from utils.zoo_common.ms_fast_layers import apply_cpu_fast_path
from utils.zoo_common.ms_gan_state import GENERATOR_PREFIX
from utils.zoo_common.ms_train_step import gan_train_steps

from .dcgan_setup import BETA1, BETA2, LR, NDF, NGF, benchmark_inputs


class MindSporeDCGAN:
    """One D step then one G step with the same noise (the trainer's order), and generator inference."""

    def __init__(self, batch_size, fast_path, kernels=None, ngf=NGF, ndf=NDF):
        ms.set_seed(0)
        self.ngf = ngf
        self.generator, self.discriminator = build_networks(0, ngf, ndf)
        self.fast_cells = 0
        if fast_path:  # as the trainer's cpu_fast_path, with the configuration's choice of kernels
            self.fast_cells = (apply_cpu_fast_path(self.generator, kernels)
                               + apply_cpu_fast_path(self.discriminator, kernels))
        _, self.d_step, self.g_step = gan_train_steps(self.generator, self.discriminator, DiscriminatorLoss,
                                                      GeneratorLoss, LR, BETA1, BETA2)
        self.inputs = benchmark_inputs(batch_size)
        self.images, self.noise = (ms.Tensor(value) for value in self.inputs)

    def train_step(self):
        d_loss = self.d_step(self.images, self.noise)
        g_loss = self.g_step(self.noise)
        return float(d_loss.asnumpy()), float(g_loss.asnumpy())

    def generate(self):
        self.generator.set_train(False)
        images = self.generator(self.noise).asnumpy()
        self.generator.set_train(True)
        return images

    def export_generator_onnx(self, path):
        """Export a fresh native generator holding this one's weights (the zoo's export route)."""
        native = Generator(self.ngf)
        weights = {param.name.removeprefix(GENERATOR_PREFIX): param for param in self.generator.get_parameters()}
        ms.load_param_into_net(native, weights, strict_load=True)
        native.set_train(False)
        export_network(native, [self.inputs[1]], path, "ONNX")
        return [self.inputs[1]]
