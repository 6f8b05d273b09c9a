"""What a DCGAN checkpoint folder (``ckpt/step_XXXXXXXX/``) holds — G.ckpt, D.ckpt (BN statistics included)
and train_state.ckpt (utils/zoo_common/ms_gan_state.py) — and loading one network from it."""
from utils.zoo_common.ms_gan_state import GENERATOR_FILE, GanState

STATE = GanState("DCGAN")


def load_generator(config):
    """A bare Generator in inference mode from ``ckpt_path`` (a G.ckpt file, a step folder, a ckpt/ folder or
    a run folder), or the newest G of the run in ``output_path``; returns (generator, file read)."""
    from .model import Generator
    generator = Generator(config.ngf)
    return generator, STATE.load_network(generator, config.ckpt_path or config.output_path)


def load_discriminator(config):
    """The same for D: a D.ckpt file, the D.ckpt beside a given G.ckpt, or a folder holding one."""
    import os
    from .model import Discriminator
    path = config.ckpt_path or config.output_path
    if os.path.isfile(path) and os.path.basename(path) == GENERATOR_FILE:
        path = os.path.dirname(path) or "."
    discriminator = Discriminator(config.ndf)
    return discriminator, STATE.load_network(discriminator, path, "discriminator")
