"""What a MindSpore GAN's checkpoint folder (``ckpt/step_XXXXXXXX/``) holds: ``G.ckpt`` and ``D.ckpt`` (every
parameter of each network under its bare name, BatchNorm statistics included), ``G_ema.ckpt`` where the model
keeps an averaged generator (utils/zoo_common/ms_average.py; a generator checkpoint like ``G.ckpt``) and
``train_state.ckpt`` (the optimizers' step and moments, the step, the seed). Each file is tagged ``<model>.generator`` /
``<model>.discriminator`` / ``<model>.train_state``, so one model's or network's file is never loaded as another's.
"""
import os

GENERATOR_FILE, DISCRIMINATOR_FILE, TRAIN_STATE_FILE = "G.ckpt", "D.ckpt", "train_state.ckpt"
AVERAGE_FILE = "G_ema.ckpt"
# The name prefixes that keep G's and D's parameters apart inside one training graph.
GENERATOR_PREFIX, DISCRIMINATOR_PREFIX = "generator.", "discriminator."


class GanState:
    def __init__(self, model):
        self.model = model
        self.generator_tag, self.discriminator_tag = f"{model}.generator", f"{model}.discriminator"
        self.train_state_tag = f"{model}.train_state"

    def write(self, folder, step, seed, networks, optimizers, average=None):
        """Write the files of a training state into ``folder`` (``G_ema.ckpt`` when ``average`` is given)."""
        from .ms_average import AVERAGE_PREFIX
        from .ms_checkpoint import optimizer_state_params, save_network, save_params
        generator, discriminator = networks
        if average is not None:
            save_network(average, os.path.join(folder, AVERAGE_FILE), self.generator_tag, AVERAGE_PREFIX,
                         {"step": step})
        save_network(generator, os.path.join(folder, GENERATOR_FILE), self.generator_tag, GENERATOR_PREFIX,
                     {"step": step})
        save_network(discriminator, os.path.join(folder, DISCRIMINATOR_FILE), self.discriminator_tag,
                     DISCRIMINATOR_PREFIX, {"step": step})
        save_params(optimizer_state_params(optimizers), os.path.join(folder, TRAIN_STATE_FILE),
                    self.train_state_tag, extra={"step": step, "seed": seed})

    def read(self, folder, networks, optimizers, average=None):
        """Load what ``write`` wrote into the (prefixed) networks and optimizers; returns the step it holds. A
        checkpoint written without an averaged generator starts ``average`` from G."""
        from .ms_average import AVERAGE_PREFIX
        from .ms_checkpoint import load_checkpoint_into, read_checkpoint, restore_optimizer_state
        generator, discriminator = networks
        load_checkpoint_into(generator, os.path.join(folder, GENERATOR_FILE), self.generator_tag, GENERATOR_PREFIX)
        if average is not None:
            has_average = os.path.isfile(os.path.join(folder, AVERAGE_FILE))
            load_checkpoint_into(average, os.path.join(folder, AVERAGE_FILE if has_average else GENERATOR_FILE),
                                 self.generator_tag, AVERAGE_PREFIX)
        load_checkpoint_into(discriminator, os.path.join(folder, DISCRIMINATOR_FILE), self.discriminator_tag,
                             DISCRIMINATOR_PREFIX)
        path = os.path.join(folder, TRAIN_STATE_FILE)
        state = read_checkpoint(path)
        restore_optimizer_state(state, path, optimizers)
        return int(state["step"].asnumpy())

    def load_network(self, net, path, which="generator"):
        """Load a bare network (``which``: generator or discriminator) from ``path`` — its checkpoint file, a
        step folder, a ``ckpt/`` folder or a run folder (the newest checkpoint; for the generator its
        ``G_ema.ckpt`` where there is one, else ``G.ckpt``) — and put it in inference mode. Returns the file
        read."""
        from .checkpoint_folder import find_checkpoint_file
        from .ms_checkpoint import load_checkpoint_into
        file_name = GENERATOR_FILE if which == "generator" else DISCRIMINATOR_FILE
        found = None
        if which == "generator" and not os.path.isfile(path):
            try:
                found = find_checkpoint_file(path, AVERAGE_FILE)
            except ValueError:
                pass
        found = found or find_checkpoint_file(path, file_name, f"{self.model} {which} checkpoint")
        load_checkpoint_into(net, found, getattr(self, f"{which}_tag"))
        net.set_train(False)
        return found
