"""Export a MindSpore network to MINDIR / AIR / ONNX, with the ONNX file repaired and verified.

MindSpore 2.10 cannot export ``nn.GroupNorm`` to ONNX: the ONNX export traces the network with every
GroupNorm replaced by the elementary-op cell of ``ms_fast_layers`` (same parameters, same maths).
It also writes ConvTranspose ``output_shape`` as the full NCHW shape; ONNX requires the spatial
dims only, and ONNX Runtime rejects the file until it is fixed. A ConvTranspose over a 1×1 input (a
generator's first layer) becomes Reshape + MatMul + Reshape, which ONNX Runtime and OpenVINO run several
times faster than their transposed convolutions. Every ONNX export is then checked with ``onnx.checker``
and an ONNX Runtime run against the MindSpore output.
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


def _attributes(node):
    import onnx
    return {attribute.name: onnx.helper.get_attribute_value(attribute) for attribute in node.attribute}


def _single_pixel_geometry(node, attributes, input_shape, weight):
    """(C_in, C_out, kh, kw) when the ConvTranspose maps each 1×1 input to its whole k×k patch, else None."""
    if (weight is None or len(weight.dims) != 4 or len(input_shape) != 4 or list(input_shape[2:]) != [1, 1]
            or len(node.input) > 2 or attributes.get("group", 1) != 1):
        return None
    cin, cout, kh, kw = weight.dims
    crops = list(attributes.get("pads", [0, 0, 0, 0])) + list(attributes.get("output_padding", [0, 0]))
    uncropped = attributes.get("auto_pad", b"NOTSET") in (b"NOTSET", b"VALID") and not any(crops)
    if (not uncropped or list(attributes.get("dilations", [1, 1])) != [1, 1]
            or list(attributes.get("output_shape", [kh, kw])) != [kh, kw]):
        return None
    return cin, cout, kh, kw


def single_pixel_conv_transpose_as_matmul(onnx_model):
    """Rewrite every ConvTranspose whose input is N×C×1×1 (no bias input, group 1, no cropping) as
    Reshape (N, C) -> MatMul (C, C_out*kh*kw) -> Reshape (N, C_out, kh, kw). Returns the count rewritten."""
    import onnx
    from onnx import helper, numpy_helper
    graph = onnx_model.graph
    inferred = onnx.shape_inference.infer_shapes(onnx_model).graph
    shapes = {info.name: [dim.dim_value if dim.HasField("dim_value") else None
                          for dim in info.type.tensor_type.shape.dim]
              for info in list(inferred.value_info) + list(inferred.input)}
    initializers = {tensor.name: tensor for tensor in graph.initializer}
    rewritten = []
    for index, node in enumerate(graph.node):
        if node.op_type != "ConvTranspose":
            continue
        geometry = _single_pixel_geometry(node, _attributes(node), shapes.get(node.input[0], []),
                                          initializers.get(node.input[1]))
        if geometry is None:
            continue
        cin, cout, kh, kw = geometry
        stem = node.output[0]
        weight = initializers[node.input[1]]
        matrix = numpy_helper.to_array(weight).reshape(cin, cout * kh * kw)
        graph.initializer.extend([
            numpy_helper.from_array(matrix, f"{stem}/matmul_weight"),
            numpy_helper.from_array(np.array([-1, cin], np.int64), f"{stem}/rows_shape"),
            numpy_helper.from_array(np.array([-1, cout, kh, kw], np.int64), f"{stem}/patch_shape")])
        rewritten.append((index, [
            helper.make_node("Reshape", [node.input[0], f"{stem}/rows_shape"], [f"{stem}/rows"]),
            helper.make_node("MatMul", [f"{stem}/rows", f"{stem}/matmul_weight"], [f"{stem}/patches"]),
            helper.make_node("Reshape", [f"{stem}/patches", f"{stem}/patch_shape"], [stem])]))
    for index, nodes in reversed(rewritten):
        del graph.node[index]
        for offset, new in enumerate(nodes):
            graph.node.insert(index + offset, new)
    used = {name for node in graph.node for name in node.input}
    unused = [tensor for tensor in graph.initializer if tensor.name not in used]
    for tensor in unused:
        graph.initializer.remove(tensor)
    return len(rewritten)


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
    single_pixel_conv_transpose_as_matmul(model)
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
