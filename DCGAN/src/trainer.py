"""DCGAN's phases on the zoo's training loop (specs/DCGAN.md §4): per step one D update, then one G update
with the same noise, which sees the updated D."""
import datetime

import numpy as np
import mindspore as ms
from mindspore import Tensor

from utils.zoo_common.image_folder import ImageFolder
from utils.zoo_common.image_grid import save_image_grid
from utils.zoo_common.ms_checkpoint import non_finite_parameters, parameter_digest
from utils.zoo_common.ms_train_step import gan_train_steps
from utils.zoo_common.train_loop import Schedule

from .cell import DiscriminatorLoss, GeneratorLoss
from .checkpoint import STATE
from .model import IMAGE_SIZE, NOISE_DIM, build_networks

GRID_SAMPLES, GRID_COLUMNS = 64, 8


def step_noise(seed, step, rank, batch_size):
    """The noise of one step: a function of (seed, step, rank) only, so a resumed run draws it again."""
    rng = np.random.default_rng([seed, 1, step, rank])
    return rng.standard_normal((batch_size, NOISE_DIM, 1, 1)).astype(np.float32)


def sample_noise(seed, count=GRID_SAMPLES):
    """The fixed noise of the training sample grids."""
    return np.random.default_rng([seed, 2]).standard_normal((count, NOISE_DIM, 1, 1)).astype(np.float32)


def open_image_folder(config, group_size=1):
    """The training folder, checked to give at least one full batch per worker."""
    if not config.data_path:
        raise ValueError("data_path is required: the folder of training images (class sub-folders or flat)")
    folder = ImageFolder(config.data_path, IMAGE_SIZE, num_workers=config.num_parallel_workers)
    if folder.steps_per_epoch(config.batch_size, group_size) == 0:
        raise ValueError(f"image folder {config.data_path!r} holds {len(folder)} image(s): too few for one batch of "
                         f"{config.batch_size} per worker ({group_size} worker(s)); lower batch_size")
    return folder


class Trainer:
    def __init__(self, config, rank=0, group_size=1):
        self.config, self.rank, self.group_size = config, rank, group_size
        self.images = open_image_folder(config, group_size)
        ms.set_seed(config.seed)
        self.generator, self.discriminator = build_networks(config.seed, config.ngf, config.ndf)
        self.optimizers, self.d_step, self.g_step = gan_train_steps(
            self.generator, self.discriminator, DiscriminatorLoss, GeneratorLoss, config.lr, config.beta1,
            config.beta2, cpu_fast_path=config.cpu_fast_path and config.device_target == "CPU")
        self.fixed_noise = Tensor(sample_noise(config.seed))
        steps = self.images.steps_per_epoch(config.batch_size, group_size)
        self.schedule = Schedule(total_steps=config.epochs * steps, log_interval=config.log_interval,
                                 save_interval=config.save_interval * steps, sample_interval=steps,
                                 steps_per_epoch=steps)
        self._epoch, self._batches, self._noise = None, None, None

    def start_message(self):
        return f"{len(self.images)} images, {self.schedule.steps_per_epoch} steps/epoch"

    def _real_batch(self, step):
        epoch, index = self.schedule.epoch_of(step)
        if epoch != self._epoch:  # a new epoch, or a run resumed inside this one
            self._epoch = epoch
            self._batches = self.images.batches(self.config.batch_size, self.config.seed, epoch, self.rank,
                                                self.group_size, start_batch=index - 1)
        return Tensor(next(self._batches))

    def train_discriminator(self, step):
        images = self._real_batch(step)
        self._noise = Tensor(step_noise(self.config.seed, step, self.rank, self.config.batch_size))
        return {"loss_d": self.d_step(images, self._noise)}

    def train_generator(self, step):
        return {"loss_g": self.g_step(self._noise)}

    def progress_line(self, step, losses, time_per_step):
        """The reference's progress line (specs/DCGAN.md §4.5), epochs and steps counted from 1."""
        epoch, in_epoch = self.schedule.epoch_of(step)
        now = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        return (f"Date time:  {now} \tepoch:  {epoch} / {self.schedule.epochs} \tstep:  {in_epoch} / "
                f"{self.schedule.steps_per_epoch} \tDloss:  {losses['loss_d']:.4f} \tGloss:  {losses['loss_g']:.4f}"
                f" \ttime/step:  {time_per_step:.3f} s")

    def sample_grid(self, path):
        """The fixed noise through G with BatchNorm's running statistics, as eval.py draws it."""
        self.generator.set_train(False)
        images = self.generator(self.fixed_noise).asnumpy()
        self.generator.set_train(True)
        save_image_grid(images, path, ncols=GRID_COLUMNS, value_range=(-1.0, 1.0))

    def write_checkpoint(self, folder, step):
        STATE.write(folder, step, self.config.seed, (self.generator, self.discriminator), self.optimizers)

    def load_checkpoint(self, folder):
        return STATE.read(folder, (self.generator, self.discriminator), self.optimizers)

    def parameter_digest(self):
        return parameter_digest([self.generator, self.discriminator])

    def non_finite_parameters(self):
        return non_finite_parameters([self.generator, self.discriminator])
