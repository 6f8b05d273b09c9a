"""ONNX Runtime for exported models: the one session set-up of the zoo, and a generator checked against its
description (``generator_spec``).

Providers: CUDA first when it is asked for and ``onnxruntime-gpu`` provides it, then CPU.
"""
import os

ORT_TYPES = {"tensor(float)": "float32", "tensor(double)": "float64", "tensor(float16)": "float16",
             "tensor(int32)": "int32", "tensor(int64)": "int64", "tensor(int8)": "int8", "tensor(uint8)": "uint8",
             "tensor(bool)": "bool"}


def open_session(path, use_cuda=False):
    """An ONNX Runtime session of ``path``; ValueError naming the file when it is missing or not ONNX."""
    import onnxruntime as ort
    if not os.path.isfile(path):
        raise ValueError(f"ONNX file {path!r} does not exist; run export.py first")
    providers = ["CPUExecutionProvider"]
    if use_cuda and "CUDAExecutionProvider" in ort.get_available_providers():
        providers.insert(0, "CUDAExecutionProvider")
    try:
        return ort.InferenceSession(path, providers=providers)
    except Exception as err:  # onnxruntime raises its own types (InvalidProtobuf, Fail, ...) for unreadable files
        reason = next((line for line in str(err).splitlines() if line.strip()), type(err).__name__)
        raise ValueError(f"{path!r} is not an ONNX model that ONNX Runtime can load ({reason})") from None


def run_session(session, inputs):
    """All outputs of ``session`` for ``inputs`` given in graph-input order."""
    return session.run(None, {meta.name: value for meta, value in zip(session.get_inputs(), inputs)})


class OnnxGenerator:
    """The exported generator of ``spec``: ``generator(*inputs)`` -> output, inputs in the description's order
    (any dtype and shape that casts to the described ones)."""

    def __init__(self, path, spec, use_cuda=False):
        self.session, self.spec = open_session(path, use_cuda), spec
        graph_inputs = self.session.get_inputs()
        found = [(meta.name, ORT_TYPES.get(meta.type, meta.type),
                  [dim if isinstance(dim, int) else None for dim in meta.shape]) for meta in graph_inputs]
        order = spec.match_inputs(found, f"ONNX file {path!r}")
        self.feeds = [(meta.name, index) for meta, index in zip(graph_inputs, order)]
        batch = found[0][2][0] if found and found[0][2] else None
        self.batch_size = batch if isinstance(batch, int) and batch > 0 else None
        outputs = [meta.name for meta in self.session.get_outputs()]
        self.output = spec.output.name if spec.output.name in outputs else outputs[0]
        self.providers = self.session.get_providers()

    def __call__(self, *inputs):
        arrays = [spec.cast(value) for spec, value in zip(self.spec.inputs, inputs)]
        return self.session.run([self.output], {name: arrays[index] for name, index in self.feeds})[0]
