"""What a CGAN checkpoint folder (``ckpt/step_XXXXXXXX/``) holds (utils/zoo_common/ms_gan_state.py), and
loading its generator."""
from utils.zoo_common.ms_gan_state import GanState

STATE = GanState("CGAN")
GENERATOR_TAG = STATE.generator_tag


def load_generator(config):
    """A bare Generator in inference mode holding ``ckpt_path`` (a G checkpoint file, a checkpoint folder,
    a ckpt/ folder or a run folder: its averaged generator G_ema.ckpt, else G.ckpt), or the newest of the run
    in ``output_path``."""
    from .model import Generator
    generator = Generator(norm_mode=config.norm_mode)
    return generator, STATE.load_network(generator, config.ckpt_path or config.output_path)


def write_training_state(folder, step, seed, networks, optimizers, average=None):
    """G.ckpt and D.ckpt (bare parameter names), G_ema.ckpt (the averaged generator, when there is one) and
    train_state.ckpt (optimizer moments, step, seed)."""
    STATE.write(folder, step, seed, networks, optimizers, average)


def read_training_state(folder, networks, optimizers, average=None):
    """Load what ``write_training_state`` wrote; returns the step it holds."""
    return STATE.read(folder, networks, optimizers, average)
