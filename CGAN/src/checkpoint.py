"""Names of CGAN's checkpoint files and the tags that tell them apart."""
import glob
import os
import re

GENERATOR_TAG, DISCRIMINATOR_TAG, TRAIN_STATE_TAG = "CGAN.generator", "CGAN.discriminator", "CGAN.train_state"
RESUME_FILE = "resume.ckpt"
CHECKPOINT_PATTERN = re.compile(r"^([GD])_(\d+)\.ckpt$")


def network_checkpoint_name(kind, epoch):
    return f"{kind}_{epoch}.ckpt"


def checkpoint_epochs(ckpt_dir):
    """Sorted epochs that have both G_<epoch>.ckpt and D_<epoch>.ckpt."""
    found = {}
    for path in glob.glob(os.path.join(ckpt_dir, "*.ckpt")):
        match = CHECKPOINT_PATTERN.match(os.path.basename(path))
        if match:
            found.setdefault(int(match.group(2)), set()).add(match.group(1))
    return sorted(epoch for epoch, kinds in found.items() if kinds == {"G", "D"})


def generator_checkpoint(config):
    """``ckpt_path`` if given, else the newest G_<epoch>.ckpt of the run in ``output_path``."""
    if config.ckpt_path:
        return config.ckpt_path
    ckpt_dir = os.path.join(config.output_path, "ckpt")
    epochs = checkpoint_epochs(ckpt_dir)
    if not epochs:
        raise ValueError(f"no G_<epoch>.ckpt in {ckpt_dir!r}; pass --ckpt_path")
    return os.path.join(ckpt_dir, network_checkpoint_name("G", epochs[-1]))


def load_generator(config):
    """A bare (unprefixed) Generator in inference mode holding the configured checkpoint."""
    from utils.zoo_common.ms_checkpoint import load_checkpoint_into
    from .model import Generator
    path = generator_checkpoint(config)
    generator = Generator(norm_mode=config.norm_mode)
    load_checkpoint_into(generator, path, GENERATOR_TAG)
    generator.set_train(False)
    return generator, path
