"""Export a MindSpore network to MINDIR / AIR / ONNX, with the ONNX file repaired and verified.

MindSpore 2.10 cannot export ``nn.GroupNorm`` to ONNX: the ONNX export traces the network with every
GroupNorm replaced by the elementary-op cell of ``ms_fast_layers`` (same parameters, same maths).
It also writes ConvTranspose ``output_shape`` as the full NCHW shape; ONNX requires the spatial
dims only, and ONNX Runtime rejects the file until it is fixed. Every ONNX export is then checked with
``onnx.checker`` and an ONNX Runtime run against the MindSpore output.
"""
import os

import numpy as np

from .atomic_file import atomic_path, temp_path_for

EXTENSIONS = {"MINDIR": ".mindir", "AIR": ".air", "ONNX": ".onnx"}
ONNX_PARITY_ATOL = 1e-5


def fix_conv_transpose_output_shape(onnx_model):
    """Keep only the spatial dims of every 4-value ConvTranspose ``output_shape``; returns the count fixed."""
    fixed = 0
    for node in onnx_model.graph.node:
        if node.op_type != "ConvTranspose":
            continue
        for attribute in node.attribute:
            if attribute.name == "output_shape" and len(attribute.ints) == 4:
                spatial = list(attribute.ints)[2:]
                del attribute.ints[:]
                attribute.ints.extend(spatial)
                fixed += 1
    return fixed


def run_onnx(path, inputs, providers=("CPUExecutionProvider",)):
    """Run an ONNX file with ONNX Runtime; ``inputs`` are matched to the graph inputs by position."""
    import onnxruntime as ort
    session = ort.InferenceSession(path, providers=list(providers))
    feeds = {meta.name: value for meta, value in zip(session.get_inputs(), inputs)}
    return session.run(None, feeds)


def export_network(net, inputs, path, file_format):
    """Write ``net`` traced on numpy ``inputs`` to ``path`` atomically; ONNX is repaired and verified.

    Returns the max abs difference between ONNX Runtime and MindSpore for ONNX, else None.
    """
    import mindspore as ms
    tensors = [ms.Tensor(value) for value in inputs]
    if file_format != "ONNX":
        with atomic_path(path, suffix=EXTENSIONS[file_format]) as tmp:
            ms.export(net, *tensors, file_name=tmp, file_format=file_format)
        return None
    import onnx
    from mindspore import nn
    from .ms_fast_layers import replace_cells, restore_native_cells
    raw = temp_path_for(path, ".raw.onnx")
    replace_cells(net, (nn.GroupNorm,))
    try:
        ms.export(net, *tensors, file_name=raw, file_format="ONNX")
        model = onnx.load(raw)
    finally:
        restore_native_cells(net)
        if os.path.exists(raw):
            os.remove(raw)
    fix_conv_transpose_output_shape(model)
    onnx.checker.check_model(model)
    expected = [np.asarray(out.asnumpy()) for out in _as_list(net(*tensors))]
    with atomic_path(path, suffix=".onnx") as tmp:
        onnx.save(model, tmp)
        outputs = run_onnx(tmp, inputs)
        diff = max(float(np.max(np.abs(a - b))) for a, b in zip(outputs, expected))
        if not diff <= ONNX_PARITY_ATOL:
            raise ValueError(f"ONNX export {path!r} differs from MindSpore by {diff:.3g} "
                             f"(tolerance {ONNX_PARITY_ATOL})")
    return diff


def _as_list(outputs):
    return list(outputs) if isinstance(outputs, (tuple, list)) else [outputs]
