"""MindSpore process set-up shared by every entry point: CPU kernel choice, device context, distribution.

``configure_cpu_kernels`` must run before MindSpore is imported (oneDNN reads its environment once); the
other functions import MindSpore themselves.
"""
import os
import sys

DEVICE_TARGETS = ("CPU", "GPU", "Ascend")
ONEDNN_ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA"
# MindSpore 2.10's oneDNN picks a reference-speed AVX-512 convolution for plain NCHW tensors; capping
# the ISA at AVX2 selects its fast convolution kernels but slows MatMul. The CPU fast path
# (ms_fast_layers) replaces convolutions by MatMuls, so it runs better without the cap
# (utils/bench/README.md).
CPU_CONV_ISA = "AVX2"


def configure_cpu_kernels(device_target, cpu_fast_path=False):
    """For CPU runs with native convolutions, cap oneDNN's ISA unless the user already chose one.
    Returns the value in effect (None: oneDNN's default)."""
    if device_target == "CPU" and not cpu_fast_path and ONEDNN_ISA_VARIABLE not in os.environ:
        if "mindspore" in sys.modules:
            raise RuntimeError("configure_cpu_kernels must run before mindspore is imported")
        os.environ[ONEDNN_ISA_VARIABLE] = CPU_CONV_ISA
    return os.environ.get(ONEDNN_ISA_VARIABLE)


def init_context(device_target, device_id=0, distributed=False, cpu_fast_path=False):
    """GRAPH_MODE on the given device; with ``distributed`` also init the collective backend and data
    parallelism with mean gradients. ``cpu_fast_path``: the run will use ms_fast_layers on CPU.
    Returns (rank, group_size)."""
    if device_target not in DEVICE_TARGETS:
        raise ValueError(f"device_target must be one of {list(DEVICE_TARGETS)}, got {device_target!r}")
    configure_cpu_kernels(device_target, cpu_fast_path)
    import mindspore as ms

    ms.set_context(mode=ms.GRAPH_MODE)
    try:
        return _set_device(ms, device_target, device_id, distributed)
    except RuntimeError as err:
        reason = next((line for line in str(err).splitlines() if line.strip()), type(err).__name__)
        raise ValueError(f"device_target {device_target} cannot be used here: {reason}") from None


def _set_device(ms, device_target, device_id, distributed):
    from mindspore.communication import get_group_size, get_rank, init
    if distributed:
        # The rank-table flow names each process's device in DEVICE_ID; msrun assigns devices itself.
        rank_device = os.environ.get("DEVICE_ID")
        ms.set_device(device_target, int(rank_device) if rank_device and device_target != "CPU" else None)
        init()
        ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.DATA_PARALLEL, gradients_mean=True)
        return get_rank(), get_group_size()
    ms.set_device(device_target, device_id if device_target != "CPU" else None)
    return 0, 1


def train_on_device(config, make_trainer):
    """What a MindSpore train.py does after parsing: the device context from ``config`` (device_target,
    device_id, distribute, cpu_fast_path), then the shared training loop over ``make_trainer(rank,
    group_size)``, a callable that imports the model's trainer (MindSpore is imported only after the CPU
    kernels are configured). A single process takes its run folder before MindSpore loads, so a refused run
    (folder in use, previous run) fails within a second; distributed ranks learn their rank from MindSpore."""
    from .train_loop import train
    context = (config.device_target, config.device_id, config.distribute, config.cpu_fast_path)
    if not config.distribute:
        return train(config, lambda: make_trainer(*init_context(*context)))
    rank, group_size = init_context(*context)
    return train(config, lambda: make_trainer(rank, group_size), rank, group_size)
