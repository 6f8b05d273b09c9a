"""Export a MindSpore network to MINDIR / AIR / ONNX, with the ONNX file repaired and verified.

MindSpore 2.10 cannot export ``nn.GroupNorm`` to ONNX: the ONNX export traces the network with every
GroupNorm replaced by the elementary-op cell of ``ms_fast_layers`` (same parameters, same maths).
It also writes ConvTranspose ``output_shape`` as the full NCHW shape; ONNX requires the spatial
dims only, and ONNX Runtime rejects the file until it is fixed. A ConvTranspose over a 1×1 input (a
generator's first layer) becomes Reshape + MatMul + Reshape, which ONNX Runtime and OpenVINO run several
times faster than their transposed convolutions. Every ONNX export is then checked with ``onnx.checker``
and an ONNX Runtime run against the MindSpore output.

``mindspore.export`` accepts only file names of ASCII letters, digits and ``@_-.:/\\`` (no spaces, no
accents), so every export is written in a fresh folder under ``tempfile.gettempdir()`` and then moved
into place atomically. ``save_checkpoint``, ``load_checkpoint`` and ``load`` take any path.
"""
import contextlib
import os
import re
import shutil
import tempfile

import numpy as np

from .atomic_file import atomic_path, ensure_writable_dir
from .onnx_session import open_session, run_session

EXTENSIONS = {"MINDIR": ".mindir", "AIR": ".air", "ONNX": ".onnx"}
ONNX_PARITY_ATOL = 1e-5
MINDSPORE_FILE_NAME = re.compile(r"^[0-9a-zA-Z@_\-.:/\\]+$")  # mindspore.export's check of file_name


@contextlib.contextmanager
def ascii_scratch():
    """A fresh folder under tempfile.gettempdir() whose path mindspore.export accepts; removed afterwards."""
    folder = tempfile.mkdtemp(prefix="zoo_export_")
    try:
        if not MINDSPORE_FILE_NAME.match(folder):
            raise ValueError(f"MindSpore exports only to paths of ASCII letters, digits and @_-.:/ and the "
                             f"temporary folder {folder!r} is not one: set TMPDIR to such a folder")
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def staged_export(path, suffix):
    """Yield a file name for mindspore.export; on success that file replaces ``path`` atomically."""
    with ascii_scratch() as scratch, atomic_path(path, suffix) as tmp:
        staged = os.path.join(scratch, "export" + suffix)
        yield staged
        shutil.move(staged, tmp)


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


def rename_outputs(onnx_model, names):
    """Give the graph outputs the names ``names`` (MindSpore writes node ids such as ``Tanh_13-op5``)."""
    for output, name in zip(onnx_model.graph.output, names):
        old = output.name
        for node in onnx_model.graph.node:
            node.output[:] = [name if value == old else value for value in node.output]
            node.input[:] = [name if value == old else value for value in node.input]
        output.name = name


def export_network(net, inputs, path, file_format, scaled_tolerance=False, output_names=None):
    """Write ``net`` traced on numpy ``inputs`` to ``path`` atomically; ONNX is repaired and verified, its outputs
    named ``output_names`` when given.

    Returns the max abs difference between ONNX Runtime and MindSpore for ONNX, else None. The tolerance is
    ONNX_PARITY_ATOL, or with ``scaled_tolerance`` ONNX_PARITY_ATOL × max(1, max |MindSpore output|): for
    unbounded outputs (features, logits) float32 sums taken in another order differ by a few ulp of the
    output's magnitude, so an absolute 1e-5 is below float32's resolution once values exceed ~10.
    """
    import mindspore as ms
    tensors = [ms.Tensor(value) for value in inputs]
    if file_format != "ONNX":
        with staged_export(path, EXTENSIONS[file_format]) as staged:
            ms.export(net, *tensors, file_name=staged, file_format=file_format)
        return None
    import onnx
    from mindspore import nn
    from .ms_fast_layers import replace_cells, restore_native_cells
    replace_cells(net, (nn.GroupNorm,))
    try:
        with ascii_scratch() as scratch:
            raw = os.path.join(scratch, "raw.onnx")
            ms.export(net, *tensors, file_name=raw, file_format="ONNX")
            model = onnx.load(raw)
    finally:
        restore_native_cells(net)
    fix_conv_transpose_output_shape(model)
    single_pixel_conv_transpose_as_matmul(model)
    if output_names:
        rename_outputs(model, output_names)
    onnx.checker.check_model(model)
    expected = [np.asarray(out.asnumpy()) for out in _as_list(net(*tensors))]
    with atomic_path(path, suffix=".onnx") as tmp:
        onnx.save(model, tmp)
        outputs = run_session(open_session(tmp), inputs)
        diff = max(float(np.max(np.abs(a - b))) for a, b in zip(outputs, expected))
        scale = max([1.0] + [float(np.max(np.abs(b))) for b in expected]) if scaled_tolerance else 1.0
        if not diff <= ONNX_PARITY_ATOL * scale:
            raise ValueError(f"ONNX export {path!r} differs from MindSpore by {diff:.3g} "
                             f"(tolerance {ONNX_PARITY_ATOL * scale:.3g})")
    return diff


def export_formats(file_format, device_target):
    """The formats ``file_format`` (MINDIR | ONNX | AIR | ALL) stands for on ``device_target``."""
    if file_format == "AIR" and device_target != "Ascend":
        raise ValueError("file_format AIR can only be exported on Ascend (device_target Ascend)")
    if file_format == "ALL":
        return ["MINDIR", "ONNX"] + (["AIR"] if device_target == "Ascend" else [])
    return [file_format]


def export_generator(generator, spec, out_dir, file_name, formats, inputs, name_output=False, scaled_tolerance=False):
    """Write ``<out_dir>/<file_name>.<ext>`` for each format, the generator of ``spec`` traced on ``inputs``
    (one array per described input: the batch is fixed by them); with ``name_output`` the ONNX output is named
    after the description's output; ``scaled_tolerance`` for an unbounded output (``export_network``).
    Returns {format: (path, ONNX parity)}."""
    ensure_writable_dir(out_dir)
    written = {}
    for file_format in formats:
        path = os.path.join(out_dir, file_name + EXTENSIONS[file_format])
        written[file_format] = (path, export_network(generator, [item.cast(value) for item, value
                                                                 in zip(spec.inputs, inputs)], path, file_format,
                                                     scaled_tolerance=scaled_tolerance,
                                                     output_names=[spec.output.name] if name_output else None))
    return written


def _as_list(outputs):
    return list(outputs) if isinstance(outputs, (tuple, list)) else [outputs]
