"""One benchmark runtime in its own process, driven by JSON lines on stdin.

The parent sets the environment (oneDNN ISA, TensorFlow and thread variables) before this process imports
its framework.
Requests: {"op": "train"|"infer", "repeat": n} -> {"seconds": [...]};
{"op": "export", "path": p} -> {"inputs": npz path}; {"op": "quit"}.
The first reply, {"ready": ..., "info": {...}}, comes once the workload is built.
Replies go to the original stdout; anything else written there (framework logs) is sent to stderr.
"""
import argparse
import importlib
import json
import os
import sys
import time

import numpy as np

from .runtimes import MINDSPORE_CONFIGS, MODELS


def _load(spec):
    module, name = spec.split(":")
    return getattr(importlib.import_module(module), name)


def build_mindspore(model, config_name, batch_size, threads, options):
    config = MINDSPORE_CONFIGS[config_name]
    import mindspore as ms
    ms.set_context(mode=ms.GRAPH_MODE)
    ms.set_device("CPU")
    if config.pin_threads:
        ms.device_context.cpu.op_tuning.threads_num(threads)
    workload = _load(MODELS[model].workload)(batch_size, fast_path=config.fast_path, kernels=config.kernels,
                                             **options)
    info = {"version": ms.__version__, "onednn_max_cpu_isa": os.environ.get("ONEDNN_MAX_CPU_ISA"),
            "fast_cells": workload.fast_cells, "kernel_threads": threads if config.pin_threads else "default"}
    return workload, info


def build_tensorflow(model, batch_size, threads, options):
    """The workload builds its own sessions, with ``threads`` in their session config."""
    workload = _load(MODELS[model].workload)(batch_size, threads=threads, **options)
    import tensorflow as tf
    info = {"version": tf.__version__, "onednn_opts": os.environ.get("TF_ENABLE_ONEDNN_OPTS"),
            "session_threads": workload.session_threads()}
    return workload, info


def build_torch(model, batch_size, threads, options):
    import torch
    torch.set_num_threads(threads)
    return _load(MODELS[model].twin)(batch_size, **options), {"version": torch.__version__,
                                                              "threads": torch.get_num_threads()}


def build_exported(runtime, onnx_path, inputs_path, threads):
    from .exported_runtimes import OnnxRuntimeGenerator, OpenVinoGenerator
    with np.load(inputs_path) as saved:
        inputs = [saved[f"input{index}"] for index in range(len(saved.files))]
    if runtime == "onnxruntime":
        import onnxruntime
        return OnnxRuntimeGenerator(onnx_path, inputs, threads), {"version": onnxruntime.__version__}
    import openvino
    return OpenVinoGenerator(onnx_path, inputs, threads), {"version": openvino.get_version()}


def _timed(call, repeat):
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - start)
    return seconds


def serve(workload, info, reply):
    reply.write(json.dumps({"ready": True, "info": info}) + "\n")
    reply.flush()
    for line in sys.stdin:
        request = json.loads(line)
        if request["op"] == "quit":
            break
        if request["op"] == "train":
            answer = {"seconds": _timed(workload.train_step, request["repeat"])}
        elif request["op"] == "infer":
            answer = {"seconds": _timed(workload.generate, request["repeat"])}
        elif request["op"] == "export":
            inputs = workload.export_generator_onnx(request["path"])
            inputs_path = request["path"] + ".inputs.npz"
            np.savez(inputs_path, **{f"input{index}": value for index, value in enumerate(inputs)})
            answer = {"inputs": inputs_path}
        else:
            answer = {"error": f"unknown op {request['op']!r}"}
        reply.write(json.dumps(answer) + "\n")
        reply.flush()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runtime", required=True,
                        choices=["mindspore", "tensorflow", "torch", "onnxruntime", "openvino"])
    parser.add_argument("--model", required=True, choices=sorted(MODELS))
    parser.add_argument("--batch", type=int, required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--config", choices=sorted(MINDSPORE_CONFIGS), help="MindSpore configuration")
    parser.add_argument("--options", type=json.loads, default={},
                        help="JSON keyword arguments of the model's workloads (runtimes.Model.options)")
    parser.add_argument("--onnx", help="exported generator (onnxruntime / openvino)")
    args = parser.parse_args(argv)
    reply = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    if args.runtime == "mindspore":
        workload, info = build_mindspore(args.model, args.config, args.batch, args.threads, args.options)
    elif args.runtime == "tensorflow":
        workload, info = build_tensorflow(args.model, args.batch, args.threads, args.options)
    elif args.runtime == "torch":
        workload, info = build_torch(args.model, args.batch, args.threads, args.options)
    else:
        workload, info = build_exported(args.runtime, args.onnx, args.onnx + ".inputs.npz", args.threads)
    serve(workload, info, reply)


if __name__ == "__main__":
    main()
