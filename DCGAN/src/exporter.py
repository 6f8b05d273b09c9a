"""Export of ``--net G`` (the generator, input noise (N,100,1,1) as its description declares) or
``--net D_features`` (the discriminator's transfer features: images (N,3,32,32) → (N, 14·ndf·16)); N is
``eval_batch_size``, as the reference's export batch. ONNX parity: G's images within 1e-5 of MindSpore's, the
D features within 1e-5 × max(1, largest |feature|)."""
import os

import numpy as np

from utils.zoo_common.ms_export import EXTENSIONS, export_formats, export_generator, export_network

from .generator_spec import generator_spec
from .model import IMAGE_CHANNELS, IMAGE_SIZE, DiscriminatorFeatures

D_FEATURES_SUFFIX = "_d_features"


def example_images(count, seed):
    """Seeded images in [-1, 1] that trace the feature extractor (the reference traced uniform noise)."""
    rng = np.random.default_rng([seed, 4])
    return rng.uniform(-1.0, 1.0, (count, IMAGE_CHANNELS, IMAGE_SIZE, IMAGE_SIZE)).astype(np.float32)


def export(config):
    """Write the requested formats of ``config.net`` to <output_path>/export/; returns {format: (path, ONNX parity)}."""
    from .checkpoint import load_discriminator, load_generator
    out_dir = os.path.join(config.output_path, "export")
    formats = export_formats(config.file_format, config.device_target)
    if config.net == "G":
        spec = generator_spec(config)
        generator, _ = load_generator(config)
        return export_generator(generator, spec, out_dir, config.file_name, formats,
                                spec.sample(config.eval_batch_size, config.eval_seed))
    discriminator, _ = load_discriminator(config)
    extractor = DiscriminatorFeatures(discriminator)
    extractor.set_train(False)
    images = example_images(config.eval_batch_size, config.eval_seed)
    os.makedirs(out_dir, exist_ok=True)
    written = {}
    for file_format in formats:
        path = os.path.join(out_dir, config.file_name + D_FEATURES_SUFFIX + EXTENSIONS[file_format])
        # The features are unbounded (a trained D's reach 10-100): their ONNX parity is 1e-5 of the largest one
        # (float32 sums of up to 4,096 products in another order; README "Export").
        written[file_format] = (path, export_network(extractor, [images], path, file_format, scaled_tolerance=True))
    return written
