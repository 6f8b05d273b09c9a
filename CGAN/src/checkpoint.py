"""What a CGAN checkpoint folder (``ckpt/step_XXXXXXXX/``) holds, and loading its generator."""
import os

GENERATOR_TAG, DISCRIMINATOR_TAG, TRAIN_STATE_TAG = "CGAN.generator", "CGAN.discriminator", "CGAN.train_state"
GENERATOR_FILE, DISCRIMINATOR_FILE, TRAIN_STATE_FILE = "G.ckpt", "D.ckpt", "train_state.ckpt"


def load_generator(config):
    """A bare Generator in inference mode holding ``ckpt_path`` (a G checkpoint file, a checkpoint folder,
    a ckpt/ folder or a run folder), or the newest G of the run in ``output_path``."""
    from utils.zoo_common.checkpoint_folder import find_checkpoint_file
    from utils.zoo_common.ms_checkpoint import load_checkpoint_into
    from .model import Generator
    path = find_checkpoint_file(config.ckpt_path or config.output_path, GENERATOR_FILE, "CGAN generator checkpoint")
    generator = Generator(norm_mode=config.norm_mode)
    load_checkpoint_into(generator, path, GENERATOR_TAG)
    generator.set_train(False)
    return generator, path


def write_training_state(folder, step, seed, networks, optimizers):
    """G.ckpt and D.ckpt (bare parameter names) and train_state.ckpt (optimizer moments, step, seed)."""
    from utils.zoo_common.ms_checkpoint import optimizer_state_params, save_network, save_params
    generator, discriminator = networks
    save_network(generator, os.path.join(folder, GENERATOR_FILE), GENERATOR_TAG, "generator.", {"step": step})
    save_network(discriminator, os.path.join(folder, DISCRIMINATOR_FILE), DISCRIMINATOR_TAG, "discriminator.",
                 {"step": step})
    save_params(optimizer_state_params(optimizers), os.path.join(folder, TRAIN_STATE_FILE), TRAIN_STATE_TAG,
                extra={"step": step, "seed": seed})


def read_training_state(folder, networks, optimizers):
    """Load what ``write_training_state`` wrote; returns the step it holds."""
    from utils.zoo_common.ms_checkpoint import load_checkpoint_into, read_checkpoint, restore_optimizer_state
    generator, discriminator = networks
    load_checkpoint_into(generator, os.path.join(folder, GENERATOR_FILE), GENERATOR_TAG, "generator.")
    load_checkpoint_into(discriminator, os.path.join(folder, DISCRIMINATOR_FILE), DISCRIMINATOR_TAG,
                         "discriminator.")
    path = os.path.join(folder, TRAIN_STATE_FILE)
    state = read_checkpoint(path)
    restore_optimizer_state(state, path, optimizers)
    return int(state["step"].asnumpy())
