"""MindSpore checkpoints: atomic writes, a model tag, and loads that check names and shapes first."""
import os

import mindspore as ms

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


def load_into(net, params, source, expected_tag=None):
    """Load ``params`` (read from ``source``) into ``net`` after checking tag, names and shapes.

    Raises ValueError with one line saying what the checkpoint holds and what was expected.
    """
    tag = params.get(MODEL_TAG_KEY)
    tag = tag if isinstance(tag, str) or tag is None else str(tag)
    if expected_tag and tag and tag != expected_tag:
        raise ValueError(f"checkpoint {source!r} holds {tag}, expected {expected_tag}")
    target = {p.name: p for p in net.get_parameters()}
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


def load_checkpoint_into(net, path, expected_tag=None):
    params = read_checkpoint(path)
    load_into(net, params, path, expected_tag)
    return params


def _optimizer_state(optimizer):
    """The optimizer's own parameters (step, moments...), without the network weights it updates."""
    weights = {id(p) for p in optimizer.parameters}
    return [p for p in optimizer.get_parameters() if id(p) not in weights]


def train_state_params(networks, optimizers):
    """Everything needed to resume: network weights under their (prefixed) names and each optimizer's
    state under ``<optimizer key>.<name>``."""
    params = {}
    for net in networks:
        params.update({p.name: p for p in net.get_parameters()})
    for key, optimizer in optimizers.items():
        params.update({f"{key}.{p.name}": p for p in _optimizer_state(optimizer)})
    return params


def restore_train_state(params, source, networks, optimizers, expected_tag):
    """Load what ``train_state_params`` saved; ValueError naming the file and the first mismatch."""
    for net in networks:
        load_into(net, params, source, expected_tag)
    for key, optimizer in optimizers.items():
        state = _optimizer_state(optimizer)
        for param in state:
            name = f"{key}.{param.name}"
            if name not in params or tuple(params[name].shape) != tuple(param.shape):
                raise ValueError(f"checkpoint {source!r} lacks optimizer state {name!r} of shape "
                                 f"{tuple(param.shape)}")
        for param in state:
            param.set_data(ms.Tensor(params[f"{key}.{param.name}"].asnumpy(), param.dtype))
