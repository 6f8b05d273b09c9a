"""Copying a MindSpore network's parameters into its PyTorch twin, so both sides start from the same weights."""
import numpy as np
import torch

# MindSpore parameter suffix -> PyTorch's, where they differ.
BN_SUFFIXES = {"gamma": "weight", "beta": "bias", "moving_mean": "running_mean", "moving_variance": "running_var"}


def load_arrays(module, arrays, suffixes=BN_SUFFIXES, strip=(), buffers=False):
    """Copy ``{MindSpore name: array}`` into ``module`` (names without the prefixes in ``strip``); every parameter
    of ``module`` (and with ``buffers`` every state entry but BN's batch counters) must be given, with its shape."""
    state = module.state_dict()
    loaded = set()
    for name, value in arrays.items():
        for prefix in strip:
            name = name.removeprefix(prefix)
        head, _, last = name.rpartition(".")
        torch_name = f"{head}.{suffixes.get(last, last)}"
        if torch_name not in state or tuple(state[torch_name].shape) != tuple(np.shape(value)):
            raise ValueError(f"parameter {name!r} ({np.shape(value)}) has no counterpart in the twin")
        state[torch_name] = torch.as_tensor(np.asarray(value, np.float32))
        loaded.add(torch_name)
    wanted = ({n for n in state if not n.endswith("num_batches_tracked")} if buffers
              else {n for n, _ in module.named_parameters()})
    missing = wanted - loaded
    if missing:
        raise ValueError(f"parameters not given: {sorted(missing)}")
    module.load_state_dict(state)
