"""CGAN benchmark workload in MindSpore: the zoo's own networks, losses and train steps (CGAN/src)."""
import mindspore as ms

from CGAN.src.cell import DiscriminatorLoss, GeneratorLoss, TrainStep, adam
from CGAN.src.model import Discriminator, Generator
from utils.zoo_common.ms_export import export_network
from utils.zoo_common.ms_fast_layers import apply_cpu_fast_path

from .cgan_setup import BETA1, BETA2, LR, benchmark_inputs


class MindSporeCGAN:
    """One D step then one G step (the trainer's order), and generator inference, at a fixed batch."""

    def __init__(self, batch_size, fast_path, kernels=None):
        ms.set_seed(0)
        self.generator, self.discriminator = Generator(), Discriminator()
        self.generator.update_parameters_name("generator.")
        self.discriminator.update_parameters_name("discriminator.")
        self.fast_cells = 0
        if fast_path:
            self.fast_cells = (apply_cpu_fast_path(self.generator, kernels)
                               + apply_cpu_fast_path(self.discriminator, kernels))
        self.d_step = TrainStep(DiscriminatorLoss(self.generator, self.discriminator),
                                adam(self.discriminator.trainable_params(), LR, BETA1, BETA2))
        self.g_step = TrainStep(GeneratorLoss(self.generator, self.discriminator),
                                adam(self.generator.trainable_params(), LR, BETA1, BETA2))
        self.inputs = benchmark_inputs(batch_size)
        self.images, self.labels, self.noise = (ms.Tensor(value) for value in self.inputs)

    def train_step(self):
        self.generator.set_train(True)
        self.discriminator.set_train(True)
        d_loss = self.d_step(self.images, self.labels, self.noise)
        g_loss = self.g_step(self.labels, self.noise)
        return float(d_loss.asnumpy()), float(g_loss.asnumpy())

    def generate(self):
        self.generator.set_train(False)
        return self.generator(self.noise, self.labels).asnumpy()

    def export_generator_onnx(self, path):
        """Export a fresh native generator holding this one's weights (the zoo's export route)."""
        native = Generator()
        weights = {param.name.removeprefix("generator."): param for param in self.generator.get_parameters()}
        ms.load_param_into_net(native, weights, strict_load=True)
        native.set_train(False)
        export_network(native, [self.inputs[2], self.inputs[1]], path, "ONNX")
        return [self.inputs[2], self.inputs[1]]
