"""The scale and description of an exported generator, for infer_onnx.py, preprocess.py and postprocess.py."""
import os

from .generator_spec import generator_spec, resolve_generator_config


def onnx_scale(path):
    """The image side of an exported ONNX generator (its output's last dimension)."""
    import onnx
    if not os.path.isfile(path):
        raise ValueError(f"ONNX file {path!r} does not exist: pass the generator's scale (--eval_scale) or its ONNX "
                         "export (--onnx_path)")
    dims = onnx.load(path, load_external_data=False).graph.output[0].type.tensor_type.shape.dim
    return int(dims[-1].dim_value)


def inference_spec(config, scale=None):
    """(GeneratorSpec, scale): the scale given, else eval_scale, else the ONNX export's."""
    description, _ = resolve_generator_config(config)
    if scale is None:
        scale = int(config.eval_scale) if config.eval_scale is not None else onnx_scale(onnx_path(config))
    description.scale_index(scale)
    return generator_spec(description, scale, config.eval_alpha), scale


def onnx_path(config):
    return config.onnx_path or os.path.join(config.output_path, "export", config.file_name + ".onnx")
