"""What a PGAN checkpoint holds, and loading the averaged generator from one.

- The run template's folder ``ckpt/step_XXXXXXXX/`` (XXXXXXXX the step over all scales): ``G.ckpt``, ``D.ckpt``,
  ``AvG.ckpt`` (bare parameter names, tagged ``PGAN.generator`` / ``PGAN.discriminator``, with the scale and
  step) and ``train_state.ckpt`` (both Adams' step and moments, step, seed, scale): a run resumes exactly,
  in the middle of a scale or across a scale change (alpha and the data position follow from the step).
- The reference's layout, written beside it at the same moments: ``<ckpt_save_dir>/<scale>/G_<iter>.ckpt``,
  ``D_<iter>.ckpt`` and ``AvG_<iter>.ckpt`` with ``iter`` the iterations done within that scale (spec §4.6);
  each file is written atomically. These are what ``--checkpoint_g`` usually names.
A checkpoint of scale s loads only into networks of scale s; the scale is read from the file (``scale``) or,
for files without it, from the highest ``to_rgb.<k>`` it holds.
"""
import os
import re

from utils.zoo_common.checkpoint_folder import find_checkpoint_file
from utils.zoo_common.ms_checkpoint import (load_checkpoint_into, load_into, optimizer_state_params, read_checkpoint,
                                            restore_optimizer_state, save_network, save_params)

GENERATOR_TAG, DISCRIMINATOR_TAG, TRAIN_STATE_TAG = "PGAN.generator", "PGAN.discriminator", "PGAN.train_state"
PREFIXES = {"G": "generator.", "D": "discriminator.", "AvG": "average_generator."}
TAGS = {"G": GENERATOR_TAG, "D": DISCRIMINATOR_TAG, "AvG": GENERATOR_TAG}
TRAIN_STATE_FILE = "train_state.ckpt"
_RGB = re.compile(r"^to_rgb\.(\d+)\.")


def write_state(folder, networks, optimizers, step, seed, scale):
    """``networks``: {"G", "D", "AvG"} → prefixed network; ``optimizers``: {"optimizer_G", "optimizer_D"}."""
    extra = {"step": step, "scale": scale}
    for key, net in networks.items():
        save_network(net, os.path.join(folder, f"{key}.ckpt"), TAGS[key], PREFIXES[key], extra)
    save_params(optimizer_state_params(optimizers), os.path.join(folder, TRAIN_STATE_FILE), TRAIN_STATE_TAG,
                extra=dict(extra, seed=seed))


def read_step(folder):
    return int(read_checkpoint(os.path.join(folder, TRAIN_STATE_FILE))["step"].asnumpy())


def read_state(folder, networks, optimizers):
    for key, net in networks.items():
        load_checkpoint_into(net, os.path.join(folder, f"{key}.ckpt"), TAGS[key], PREFIXES[key])
    path = os.path.join(folder, TRAIN_STATE_FILE)
    state = read_checkpoint(path)
    restore_optimizer_state(state, path, optimizers)
    return int(state["step"].asnumpy())


def write_reference_files(save_dir, scale, iteration, networks):
    """``<save_dir>/<scale>/{G,D,AvG}_<iteration>.ckpt`` (bare names), as the reference lays them out."""
    folder = os.path.join(save_dir, str(scale))
    os.makedirs(folder, exist_ok=True)
    for key, net in networks.items():
        save_network(net, os.path.join(folder, f"{key}_{iteration}.ckpt"), TAGS[key], PREFIXES[key],
                     {"step": iteration, "scale": scale})
    return folder


def checkpoint_scale(params, path, scales):
    """The image side of a generator checkpoint."""
    if "scale" in params:
        return int(params["scale"].asnumpy())
    levels = [int(m.group(1)) for name in params for m in [_RGB.match(name)] if m]
    if not levels:
        raise ValueError(f"checkpoint {path!r} holds no PGAN generator (no to_rgb.<k> parameters)")
    return scales[max(levels)]


def load_average_generator(config):
    """The averaged generator of ``ckpt_path`` (or of the newest checkpoint of ``output_path``) in inference
    mode, at the checkpoint's scale; ``eval_scale`` must match it when given.
    Returns (generator, file read, GeneratorConfig, scale)."""
    from .generator_spec import resolve_generator_config
    from .model import Generator
    description, _ = resolve_generator_config(config)
    path = find_checkpoint_file(config.ckpt_path or config.output_path, "AvG.ckpt", "PGAN averaged-generator checkpoint")
    params = read_checkpoint(path)
    scale = checkpoint_scale(params, path, description.scales)
    if config.eval_scale is not None and int(config.eval_scale) != scale:
        raise ValueError(f"checkpoint {path!r} holds the {scale}×{scale} generator, but eval_scale is "
                         f"{config.eval_scale}: pass a checkpoint of that scale (<ckpt_save_dir>/{config.eval_scale}/AvG_<iter>.ckpt)")
    generator = Generator(description.depth, description.scale_index(scale), description.latent_dim)
    load_into(generator, params, path, GENERATOR_TAG)
    generator.set_train(False)
    return generator, path, description, scale
