"""Export of the averaged generator at its checkpoint's scale (spec §6.1, §9.17): input ``noise`` float32
(num_images, latent_dim) and, above 4×4, ``alpha`` float32 (num_images, 1) (the 4×4 generator has no fade path
and is exported with noise alone, so no input is left dangling); output ``image`` float32 (num_images, 3, s, s),
unclipped. The batch is fixed at ``num_images``; every consumer checks it."""
import os

from utils.zoo_common.ms_export import export_formats, export_generator

from .checkpoint import load_average_generator
from .generator_spec import generator_spec
from .model import NoiseOnly


def export(config):
    """Write the requested formats to <output_path>/export/; returns ({format: (path, ONNX parity)}, scale)."""
    generator, _, description, scale = load_average_generator(config)
    spec = generator_spec(description, scale, config.eval_alpha)
    net = NoiseOnly(generator) if len(spec.inputs) == 1 else generator
    written = export_generator(net, spec, os.path.join(config.output_path, "export"), config.file_name,
                               export_formats(config.file_format, config.device_target),
                               spec.sample(config.num_images, config.eval_seed), name_output=True,
                               scaled_tolerance=True)
    return written, scale
