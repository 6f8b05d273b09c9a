"""What a MindSpore GAN's checkpoint folder (``ckpt/step_XXXXXXXX/``) holds: ``G.ckpt`` and ``D.ckpt`` (every
parameter of each network under its bare name, BatchNorm statistics included) and ``train_state.ckpt``
(the optimizers' step and moments, the step, the seed). Each file is tagged ``<model>.generator`` /
``<model>.discriminator`` / ``<model>.train_state``, so one model's or network's file is never loaded as another's.
"""
import os

GENERATOR_FILE, DISCRIMINATOR_FILE, TRAIN_STATE_FILE = "G.ckpt", "D.ckpt", "train_state.ckpt"
# The name prefixes that keep G's and D's parameters apart inside one training graph.
GENERATOR_PREFIX, DISCRIMINATOR_PREFIX = "generator.", "discriminator."


class GanState:
    def __init__(self, model):
        self.model = model
        self.generator_tag, self.discriminator_tag = f"{model}.generator", f"{model}.discriminator"
        self.train_state_tag = f"{model}.train_state"

    def write(self, folder, step, seed, networks, optimizers):
        """Write the three files of a training state into ``folder``."""
        from .ms_checkpoint import optimizer_state_params, save_network, save_params
        generator, discriminator = networks
        save_network(generator, os.path.join(folder, GENERATOR_FILE), self.generator_tag, GENERATOR_PREFIX,
                     {"step": step})
        save_network(discriminator, os.path.join(folder, DISCRIMINATOR_FILE), self.discriminator_tag,
                     DISCRIMINATOR_PREFIX, {"step": step})
        save_params(optimizer_state_params(optimizers), os.path.join(folder, TRAIN_STATE_FILE),
                    self.train_state_tag, extra={"step": step, "seed": seed})

    def read(self, folder, networks, optimizers):
        """Load what ``write`` wrote into the (prefixed) networks and optimizers; returns the step it holds."""
        from .ms_checkpoint import load_checkpoint_into, read_checkpoint, restore_optimizer_state
        generator, discriminator = networks
        load_checkpoint_into(generator, os.path.join(folder, GENERATOR_FILE), self.generator_tag, GENERATOR_PREFIX)
        load_checkpoint_into(discriminator, os.path.join(folder, DISCRIMINATOR_FILE), self.discriminator_tag,
                             DISCRIMINATOR_PREFIX)
        path = os.path.join(folder, TRAIN_STATE_FILE)
        state = read_checkpoint(path)
        restore_optimizer_state(state, path, optimizers)
        return int(state["step"].asnumpy())

    def load_network(self, net, path, which="generator"):
        """Load a bare network (``which``: generator or discriminator) from ``path`` — its checkpoint file, a
        step folder, a ``ckpt/`` folder or a run folder (the newest checkpoint) — and put it in inference
        mode. Returns the file read."""
        from .checkpoint_folder import find_checkpoint_file
        from .ms_checkpoint import load_checkpoint_into
        file_name = GENERATOR_FILE if which == "generator" else DISCRIMINATOR_FILE
        found = find_checkpoint_file(path, file_name, f"{self.model} {which} checkpoint")
        load_checkpoint_into(net, found, getattr(self, f"{which}_tag"))
        net.set_train(False)
        return found
