"""ONNX conversion of the frozen generator (tf2onnx)."""
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
