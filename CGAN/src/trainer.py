"""CGAN's phases on the zoo's training loop: one D update then one G update per batch with the same noise
(specs/CGAN.md §4.4)."""
import numpy as np
import mindspore as ms
from mindspore import Tensor

from utils.zoo_common.image_grid import save_image_grid
from utils.zoo_common.ms_average import AVERAGE_PREFIX, AverageUpdate, average_rate
from utils.zoo_common.ms_checkpoint import non_finite_parameters, parameter_digest
from utils.zoo_common.ms_train_step import gan_train_steps
from utils.zoo_common.train_loop import Schedule

from .cell import DiscriminatorLoss, GeneratorLoss
from .checkpoint import read_training_state, write_training_state
from .dataset import MnistBatches, load_mnist, to_model_images
from .model import NOISE_DIM, NUM_CLASSES, Discriminator, Generator


def epoch_noise(seed, epoch, rank, steps, batch_size):
    """The noise of every step of one epoch: a function of (seed, epoch, rank) only, so resumes repeat it."""
    rng = np.random.default_rng([seed, 1, epoch, rank])
    return rng.standard_normal((steps, batch_size, NOISE_DIM)).astype(np.float32)


def sample_inputs(seed, per_class=10):
    """Fixed noise and labels for sample grids: row c of the grid holds ``per_class`` digits of class c."""
    noise = np.random.default_rng([seed, 2]).standard_normal((NUM_CLASSES * per_class, NOISE_DIM))
    labels = np.repeat(np.arange(NUM_CLASSES, dtype=np.int32), per_class)
    return noise.astype(np.float32), labels


class Trainer:
    def __init__(self, config, rank=0, group_size=1):
        self.config, self.rank = config, rank
        images, labels = load_mnist(config.data_path, "train", config.validation_size)
        self.batches = MnistBatches(to_model_images(images), labels, config.batch_size, config.seed,
                                    rank, group_size)
        ms.set_seed(config.seed)
        g_embed_std = config.embed_init_std if config.g_embed_init_std is None else config.g_embed_init_std
        self.generator = Generator(norm_mode=config.norm_mode, init_gain=config.init_gain, embed_init_std=g_embed_std)
        self.discriminator = Discriminator(norm_mode=config.norm_mode, init_gain=config.init_gain,
                                           embed_init_std=config.embed_init_std,
                                           minibatch_stddev=config.minibatch_stddev)
        self.optimizers, self.d_step, self.g_step = gan_train_steps(
            self.generator, self.discriminator, DiscriminatorLoss, GeneratorLoss, config.lr, config.beta1,
            config.beta2, cpu_fast_path=config.cpu_fast_path and config.device_target == "CPU")
        self.average, self.average_update = None, None
        if config.g_ema_decay > 0:
            self.average = Generator(norm_mode=config.norm_mode)
            self.average.update_parameters_name(AVERAGE_PREFIX)
            self.average.set_train(False)
            self.average_update = AverageUpdate(self.generator, self.average)
        self.fixed_noise, self.fixed_labels = (Tensor(a) for a in sample_inputs(config.seed))
        steps = self.batches.steps_per_epoch
        self.schedule = Schedule(total_steps=config.epochs * steps, log_interval=config.log_interval,
                                 save_interval=config.save_interval * steps, sample_interval=steps,
                                 steps_per_epoch=steps)
        self._epoch, self._epoch_batches, self._epoch_noise, self._g_inputs = None, None, None, None

    def start_message(self):
        return f"training data: {len(self.batches.images)} images, {self.batches.steps_per_epoch} steps/epoch"

    def _batch(self, step):
        epoch, index = self.schedule.epoch_of(step)
        if epoch != self._epoch:
            self._epoch, self._epoch_batches = epoch, self.batches.epoch(epoch)
            for _ in range(index - 1):  # a run resumed inside this epoch
                next(self._epoch_batches)
            self._epoch_noise = epoch_noise(self.config.seed, epoch, self.rank, self.batches.steps_per_epoch,
                                            self.config.batch_size)
        images, labels = next(self._epoch_batches)
        return Tensor(images), Tensor(labels), Tensor(self._epoch_noise[index - 1])

    def train_discriminator(self, step):
        images, labels, noise = self._batch(step)
        self._g_inputs = (labels, noise)
        return {"loss_d": self.d_step(images, labels, noise)}

    def train_generator(self, step):
        losses = {"loss_g": self.g_step(*self._g_inputs)}
        if self.average_update is not None:
            self.average_update(average_rate(self.config.g_ema_decay, step))
        return losses

    def sample_grid(self, path):
        """The averaged generator's digits where there is one (what eval and export use), else G's."""
        generator = self.generator if self.average is None else self.average
        images = generator(self.fixed_noise, self.fixed_labels)
        save_image_grid(images.asnumpy(), path, ncols=10)

    def _networks(self):
        return [self.generator, self.discriminator] + ([self.average] if self.average is not None else [])

    def write_checkpoint(self, folder, step):
        write_training_state(folder, step, self.config.seed, (self.generator, self.discriminator), self.optimizers,
                             self.average)

    def load_checkpoint(self, folder):
        return read_training_state(folder, (self.generator, self.discriminator), self.optimizers, self.average)

    def parameter_digest(self):
        return parameter_digest(self._networks())

    def non_finite_parameters(self):
        return non_finite_parameters(self._networks())
