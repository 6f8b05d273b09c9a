"""Export of the generator (either variant, rebuilt from generator_config.json): input ``noise`` float32
(num_images, nz, 1, 1), output ``image`` float32 (num_images, nc, S, S) in [-1, 1] (names set explicitly,
spec §9.12). The batch is fixed at ``num_images`` (the reference's --nimages); every consumer checks it: ONNX
Runtime inference takes the file's batch, the C++ program refuses input files of another size."""
import os

from utils.zoo_common.ms_export import export_formats, export_generator

from .checkpoint import load_generator
from .generator_spec import generator_spec


def export(config):
    """Write the requested formats to <output_path>/export/; returns {format: (path, ONNX parity)}."""
    generator, _, description = load_generator(config)
    spec = generator_spec(description)
    return export_generator(generator, spec, os.path.join(config.output_path, "export"), config.file_name,
                            export_formats(config.file_format, config.device_target),
                            spec.sample(config.num_images, config.eval_seed), name_output=True)
