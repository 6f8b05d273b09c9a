"""What a BigGAN checkpoint folder (``ckpt/step_XXXXXXXX/``, see utils/zoo_common/checkpoint_folder.py) holds.

``model.*`` (every graph variable: G, D, EMA G, Adam slots, BN statistics, SN u vectors, global step),
``state.npz`` (data order and RNG states) and ``meta.json``.
"""
import json
import os

import numpy as np

from utils.zoo_common.checkpoint_folder import find_checkpoint_file

from .tf_compat import tf

MODEL_NAME = "BigGAN"
PREFIX = "model"


def write(folder, sess, saver, step, state, meta):
    """Write one training checkpoint into ``folder`` (published by the zoo's CheckpointFolder)."""
    saver.save(sess, os.path.join(folder, PREFIX), write_meta_graph=False, write_state=False)
    np.savez(os.path.join(folder, "state.npz"), **state)
    with open(os.path.join(folder, "meta.json"), "w", encoding="utf-8") as handle:
        json.dump(dict(meta, model=MODEL_NAME, step=step), handle, indent=1)


def resolve(path):
    """A checkpoint folder from a checkpoint folder, a ``ckpt/`` folder or a run's output folder."""
    return os.path.dirname(find_checkpoint_file(path, "meta.json", f"{MODEL_NAME} checkpoint"))


def read_meta(folder):
    path = os.path.join(folder, "meta.json")
    try:
        with open(path, encoding="utf-8") as handle:
            meta = json.load(handle)
    except (OSError, ValueError) as err:
        raise ValueError(f"checkpoint metadata {path!r} cannot be read ({err})") from None
    if meta.get("model") != MODEL_NAME:
        raise ValueError(f"checkpoint {folder!r} is not a {MODEL_NAME} checkpoint (model: {meta.get('model')!r})")
    return meta


def check_variables(folder, name_map):
    """Check that the checkpoint holds every ``{checkpoint name: variable}`` with the right shape."""
    prefix = os.path.join(folder, PREFIX)
    try:
        stored = dict(tf.train.list_variables(prefix))
    except (tf.errors.OpError, ValueError) as err:
        raise ValueError(f"checkpoint {prefix + '.index'!r} is not a readable TensorFlow checkpoint index "
                         f"({_first_line(err)})") from None
    for name, variable in name_map.items():
        expected = variable.shape.as_list()
        if name not in stored:
            raise ValueError(f"checkpoint {folder!r} lacks variable {name!r}: it was written by a different "
                             "model configuration (check base_channel, resolution, num_classes)")
        if list(stored[name]) != expected:
            raise ValueError(f"checkpoint {folder!r}: variable {name!r} has shape {list(stored[name])}, the "
                             f"model expects {expected} (check base_channel, resolution, num_classes, z_dim)")
    return prefix


def _first_line(err):
    text = getattr(err, "message", None) or str(err)
    return next((line.strip() for line in text.splitlines() if line.strip()), type(err).__name__)


def restore(sess, folder, name_map, saver=None):
    """Restore ``{checkpoint name: variable}`` from ``folder`` after checking names and shapes.

    ``saver`` (built over the same map) is needed when the graph is already finalized.
    """
    prefix = check_variables(folder, name_map)
    try:
        (saver or tf.train.Saver(var_list=name_map)).restore(sess, prefix)
    except tf.errors.OpError as err:
        raise ValueError(f"checkpoint data {prefix + '.data-00000-of-00001'!r} cannot be read: it is truncated "
                         f"or corrupt ({_first_line(err)})") from None


def load_state(folder):
    with np.load(os.path.join(folder, "state.npz")) as data:
        return {key: data[key] for key in data.files}


def rng_to_arrays(rng, prefix):
    """A RandomState's state as plain arrays (saved without pickle)."""
    _, keys, pos, has_gauss, cached = rng.get_state()
    return {f"{prefix}_keys": keys, f"{prefix}_scalars": np.array([pos, has_gauss, cached], np.float64)}


def rng_from_arrays(state, prefix):
    pos, has_gauss, cached = state[f"{prefix}_scalars"]
    return ("MT19937", state[f"{prefix}_keys"], int(pos), int(has_gauss), float(cached))


MODEL_KEYS = ("resolution", "base_channel", "z_dim", "shared_dim", "num_classes")


def with_model_of(cfg, folder):
    """A copy of ``cfg`` whose architecture keys are the checkpoint's (eval/export need not repeat them)."""
    meta = read_meta(folder)
    values = cfg.to_dict()
    values.update({key: meta[key] for key in MODEL_KEYS if key in meta})
    return type(cfg)(**values)
