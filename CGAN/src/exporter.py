"""Export of the generator, traced on the evaluation inputs of one batch (src/generator_spec.py)."""

from utils.zoo_common.ms_export import export_formats, export_generator as export_traced

from .generator_spec import generator_spec


def export_generator(generator, config):
    """Write the requested formats to ``export_dir``; returns {format: (path, onnx parity)}."""
    spec = generator_spec(config)
    return export_traced(generator, spec, config.export_dir, config.file_name,
                         export_formats(config.file_format, config.device_target),
                         spec.sample(config.eval_batch_size, config.eval_seed))
