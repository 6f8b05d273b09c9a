"""What a WGAN checkpoint folder (``ckpt/step_XXXXXXXX/``, XXXXXXXX the generator iteration) holds — G.ckpt,
D.ckpt (BN statistics included; bare names ``main.<idx>.*`` as the reference's netG/netD files) and
train_state.ckpt (optimizer state, generator iteration, seed; utils/zoo_common/ms_gan_state.py) — and loading
G from it, or weights from a reference checkpoint (--netG / --netD)."""
from utils.zoo_common.ms_checkpoint import load_checkpoint_into
from utils.zoo_common.ms_gan_state import GanState

STATE = GanState("WGAN")


def load_generator(config):
    """A bare Generator in inference mode from ``ckpt_path`` (or the newest of ``output_path``), built from the
    run's generator_config.json; returns (generator, file read, GeneratorConfig)."""
    from .generator_spec import resolve_generator_config
    from .model import generator_from
    description, _ = resolve_generator_config(config)
    generator = generator_from(description)
    return generator, STATE.load_network(generator, config.ckpt_path or config.output_path), description


def load_initial_weights(net, path, which):
    """--netG / --netD: the weights of a zoo G.ckpt/D.ckpt or a reference netG/netD file into a bare network
    (names and shapes checked; a file of the other network or variant is refused)."""
    tag = STATE.generator_tag if which == "generator" else STATE.discriminator_tag
    load_checkpoint_into(net, path, tag)
