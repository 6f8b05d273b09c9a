"""ONNX conversion of the frozen generator (tf2onnx) and its ONNX Runtime check."""
import numpy as np

from utils.zoo_common.atomic_file import atomic_path

from .inference_graph import INPUT_Y, INPUT_Z, OUTPUT


def convert(frozen_graph_def, path, opset):
    """Write the ONNX model with inputs ``z``, ``y`` and output ``output`` (TF's ``:0`` suffixes dropped)."""
    import onnx
    import tf2onnx

    names = {f"{INPUT_Z}:0": INPUT_Z, f"{INPUT_Y}:0": INPUT_Y, f"{OUTPUT}:0": OUTPUT}
    model, _ = tf2onnx.convert.from_graph_def(frozen_graph_def, input_names=[f"{INPUT_Z}:0", f"{INPUT_Y}:0"],
                                              output_names=[f"{OUTPUT}:0"], opset=opset, tensors_to_rename=names)
    onnx.checker.check_model(model)
    with atomic_path(path, suffix=".onnx") as tmp:
        onnx.save(model, tmp)
    return path


def ort_session(path):
    """ONNX Runtime session on CUDA when available, else CPU."""
    import onnxruntime as ort

    available = ort.get_available_providers()
    providers = [p for p in ("CUDAExecutionProvider", "CPUExecutionProvider") if p in available]
    return ort.InferenceSession(path, providers=providers)


def run_onnx(session, z, y):
    return session.run([OUTPUT], {INPUT_Z: np.asarray(z, np.float32),
                                  INPUT_Y: np.asarray(y, np.int32).reshape(-1, 1)})[0]
