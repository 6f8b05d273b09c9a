"""Full-state training checkpoints, written atomically, one folder per step.

``<ckpt_dir>/step_00001000/`` holds ``model.*`` (every graph variable: G, D, EMA G, Adam slots,
BN statistics, SN u vectors, global step), ``state.npz`` (data order and RNG states) and
``meta.json``. A checkpoint is written to a temporary folder and renamed into place, then
``<ckpt_dir>/latest`` is replaced; a crash never leaves a partial checkpoint under a step name.
"""
import json
import os
import re
import shutil

import numpy as np

from utils.zoo_common.atomic_file import atomic_write_text

from .tf_compat import tf

MODEL_NAME = "BigGAN"
PREFIX = "model"
_STEP_DIR = re.compile(r"^step_(\d{8})$")


def step_dir_name(step):
    return f"step_{step:08d}"


def save(sess, saver, ckpt_dir, step, state, meta, keep=3):
    """Write one checkpoint for ``step``; ``state`` maps names to numpy arrays. Returns its folder."""
    final = os.path.join(ckpt_dir, step_dir_name(step))
    tmp = os.path.join(ckpt_dir, f".tmp-{step_dir_name(step)}-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    try:
        saver.save(sess, os.path.join(tmp, PREFIX), write_meta_graph=False, write_state=False)
        np.savez(os.path.join(tmp, "state.npz"), **state)
        with open(os.path.join(tmp, "meta.json"), "w", encoding="utf-8") as handle:
            json.dump(dict(meta, model=MODEL_NAME, step=step), handle, indent=1)
        if os.path.exists(final):
            shutil.rmtree(final)
        os.replace(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    atomic_write_text(os.path.join(ckpt_dir, "latest"), step_dir_name(step) + "\n")
    for old in list_checkpoints(ckpt_dir)[:-keep] if keep > 0 else []:
        shutil.rmtree(old)
    return final


def list_checkpoints(ckpt_dir):
    """Complete checkpoint folders in ``ckpt_dir``, oldest first."""
    if not os.path.isdir(ckpt_dir):
        return []
    names = sorted(n for n in os.listdir(ckpt_dir) if _STEP_DIR.match(n))
    return [os.path.join(ckpt_dir, n) for n in names]


def latest(ckpt_dir):
    """The newest complete checkpoint folder, or None."""
    found = list_checkpoints(ckpt_dir)
    return found[-1] if found else None


def resolve(path):
    """A checkpoint folder from a checkpoint folder, a ``ckpt/`` folder or a run's output folder."""
    for candidate in (path, os.path.join(path, "ckpt")):
        if os.path.isfile(os.path.join(candidate, "meta.json")):
            return candidate
        newest = latest(candidate)
        if newest:
            return newest
    raise FileNotFoundError(f"no BigGAN checkpoint at {path!r} (expected a step_XXXXXXXX folder with "
                            "meta.json, a ckpt/ folder or a run's output folder)")


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
    stored = dict(tf.train.list_variables(prefix))
    for name, variable in name_map.items():
        expected = variable.shape.as_list()
        if name not in stored:
            raise ValueError(f"checkpoint {folder!r} lacks variable {name!r}: it was written by a different "
                             "model configuration (check base_channel, resolution, num_classes)")
        if list(stored[name]) != expected:
            raise ValueError(f"checkpoint {folder!r}: variable {name!r} has shape {list(stored[name])}, the "
                             f"model expects {expected} (check base_channel, resolution, num_classes, z_dim)")
    return prefix


def restore(sess, folder, name_map, saver=None):
    """Restore ``{checkpoint name: variable}`` from ``folder`` after checking names and shapes.

    ``saver`` (built over the same map) is needed when the graph is already finalized.
    """
    prefix = check_variables(folder, name_map)
    (saver or tf.train.Saver(var_list=name_map)).restore(sess, prefix)


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
