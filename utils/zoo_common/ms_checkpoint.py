"""MindSpore checkpoints: atomic writes, a model tag, and loads that check names and shapes first."""
import hashlib
import os

import mindspore as ms
import numpy as np

from .atomic_file import atomic_path

MODEL_TAG_KEY = "zoo_model"


def save_params(params, path, model_tag, extra=None):
    """Write ``{name: Parameter|Tensor}`` to ``path`` atomically, tagged with ``model_tag``.

    ``extra`` holds scalars or strings kept beside the tensors (epoch, step, seed...).
    """
    entries = [{"name": name, "data": value} for name, value in params.items()]
    append = {MODEL_TAG_KEY: model_tag}
    append.update(extra or {})
    with atomic_path(path, suffix=".ckpt") as tmp:
        ms.save_checkpoint(entries, tmp, append_dict=append)
    return path


def read_checkpoint(path):
    """{name: Parameter} of a checkpoint file; ValueError naming the file when it is missing or corrupt."""
    if not os.path.isfile(path):
        raise ValueError(f"checkpoint {path!r} does not exist")
    try:
        return ms.load_checkpoint(path)
    except (ValueError, RuntimeError, OSError) as err:
        first_line = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise ValueError(f"checkpoint {path!r} is not a readable MindSpore checkpoint ({first_line})") from None


def load_into(net, params, source, expected_tag=None, prefix=""):
    """Load ``params`` (read from ``source``) into ``net`` after checking tag, names and shapes; the
    network's parameter names are the checkpoint's with ``prefix`` in front.

    Raises ValueError with one line saying what the checkpoint holds and what was expected.
    """
    tag = params.get(MODEL_TAG_KEY)
    tag = tag if isinstance(tag, str) or tag is None else str(tag)
    if expected_tag and tag and tag != expected_tag:
        raise ValueError(f"checkpoint {source!r} holds {tag}, expected {expected_tag}")
    target = network_params(net, prefix)
    missing = [name for name in target if name not in params]
    if missing:
        raise ValueError(f"checkpoint {source!r} lacks {len(missing)} parameter(s) of "
                         f"{expected_tag or type(net).__name__}, e.g. {missing[0]!r}")
    for name, param in target.items():
        found = tuple(params[name].shape)
        if found != tuple(param.shape):
            raise ValueError(f"checkpoint {source!r}: {name} has shape {found}, expected "
                             f"{tuple(param.shape)} for {expected_tag or type(net).__name__}")
    for name, param in target.items():
        param.set_data(ms.Tensor(params[name].asnumpy(), param.dtype))


def load_checkpoint_into(net, path, expected_tag=None, prefix=""):
    params = read_checkpoint(path)
    load_into(net, params, path, expected_tag, prefix)
    return params


def network_params(net, prefix=""):
    """{name without ``prefix``: Parameter} of ``net``."""
    return {p.name[len(prefix):] if p.name.startswith(prefix) else p.name: p for p in net.get_parameters()}


def save_network(net, path, model_tag, prefix="", extra=None):
    """Write ``net``'s parameters under their names without ``prefix`` (the names of a bare network)."""
    return save_params(network_params(net, prefix), path, model_tag, extra)


def parameter_digest(networks):
    """A short hash of all parameter values: equal on every worker of a data-parallel run."""
    digest = hashlib.sha256()
    for net in networks:
        for param in net.get_parameters():
            digest.update(param.name.encode())
            digest.update(np.ascontiguousarray(param.asnumpy()).tobytes())
    return digest.hexdigest()[:16]


def non_finite_parameters(networks):
    """Names of the parameters holding NaN or Inf."""
    return [p.name for net in networks for p in net.get_parameters() if not np.isfinite(p.asnumpy()).all()]


def _optimizer_state(optimizer):
    """The optimizer's own state (step, moments...), without the network weights it updates and without its
    learning rate, which comes from the run's config (a resumed run may change it)."""
    excluded = {id(p) for p in optimizer.parameters} | {id(optimizer.learning_rate)}
    return [p for p in optimizer.get_parameters() if id(p) not in excluded]


def optimizer_state_params(optimizers):
    """Each optimizer's state (step, moments...) under ``<optimizer key>.<name>``."""
    return {f"{key}.{p.name}": p for key, optimizer in optimizers.items() for p in _optimizer_state(optimizer)}


def restore_optimizer_state(params, source, optimizers):
    """Load what ``optimizer_state_params`` saved; ValueError naming the file and the first mismatch."""
    targets = optimizer_state_params(optimizers)
    for name, param in targets.items():
        if name not in params or tuple(params[name].shape) != tuple(param.shape):
            raise ValueError(f"checkpoint {source!r} lacks optimizer state {name!r} of shape "
                             f"{tuple(param.shape)}")
    for name, param in targets.items():
        param.set_data(ms.Tensor(params[name].asnumpy(), param.dtype))
