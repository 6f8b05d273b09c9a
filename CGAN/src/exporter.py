"""Export the generator with noise float32 (N,100) and labels int32 (N,) as graph inputs."""
import os

from utils.zoo_common.atomic_file import ensure_writable_dir
from utils.zoo_common.ms_export import EXTENSIONS, export_network

from .evaluate import evaluation_inputs


def formats_for(file_format, device_target):
    if file_format == "AIR" and device_target != "Ascend":
        raise ValueError("file_format AIR can only be exported on Ascend (device_target Ascend)")
    if file_format == "ALL":
        return ["MINDIR", "ONNX"] + (["AIR"] if device_target == "Ascend" else [])
    return [file_format]


def export_generator(generator, config):
    """Write the requested formats to ``export_dir``; returns {format: (path, onnx parity)}."""
    out_dir = ensure_writable_dir(config.export_dir)
    noise, labels = evaluation_inputs(config.eval_batch_size, config.eval_seed)
    written = {}
    for file_format in formats_for(config.file_format, config.device_target):
        path = os.path.join(out_dir, config.file_name + EXTENSIONS[file_format])
        written[file_format] = (path, export_network(generator, [noise, labels], path, file_format))
    return written
