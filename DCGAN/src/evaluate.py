"""DCGAN's evaluation, shared by eval.py (MindSpore) and infer_onnx.py (ONNX Runtime).

- ``generate.png``: the reference's 4×4 grid of 16 samples (into ``img_url``), and ``samples.png``, 8×8;
- ``fid<count>_train``: FID of ``num_samples`` generated images against as many images of the training
  folder (seeded choice), with the user's Inception graph (``inception_pb``), through the metrics package;
- ``svm_linear_<data>``: the paper's transfer protocol (``transfer.py``), in eval.py only (it needs D).
All noise comes from ``eval_seed`` through the generator description, apart from training randomness.
"""
import os

import numpy as np

from utils.zoo_common.atomic_file import ensure_writable_dir
from utils.zoo_common.image_folder import ImageFolder
from utils.zoo_common.image_grid import save_image_grid, to_uint8
from utils.zoo_common.metrics.results import write_result

from .generator_spec import generator_spec
from .model import IMAGE_SIZE

REFERENCE_GRID, GRID = 16, 64


def generate_images(generate_batch, count, batch_size, seed):
    """``count`` generated images (N,3,32,32) in [-1, 1] from the seeded evaluation noise."""
    spec = generator_spec()
    return spec.generate(generate_batch, spec.sample(count, seed), batch_size)


def save_grids(images, out_dir, img_url=None):
    """generate.png (the first 16, 4×4) in ``img_url`` (default ``out_dir``) and samples.png (64, 8×8)."""
    reference = os.path.join(ensure_writable_dir(img_url or out_dir, "img_url folder"), "generate.png")
    save_image_grid(images[:REFERENCE_GRID], reference, ncols=4, value_range=(-1.0, 1.0))
    save_image_grid(images[:GRID], os.path.join(out_dir, "samples.png"), ncols=8, value_range=(-1.0, 1.0))
    return reference


def real_images(data_path, count, seed, batch_size):
    """Up to ``count`` training-folder images (a seeded choice) as NHWC uint8."""
    folder = ImageFolder(data_path, IMAGE_SIZE, output="uint8_hwc")
    count = min(count, len(folder))
    batches = folder.batches(batch_size, seed, drop_remainder=False)
    return np.concatenate([batch for batch, _ in zip(batches, range(-(-count // batch_size)))])[:count]


def fid_train(fake_images, config):
    """FID of the generated images against as many training images, in the metrics package's protocol."""
    from utils.zoo_common.metrics.inception import fid_against_real
    if not config.data_path:
        raise ValueError("FID compares with the training folder: pass --data_path")
    real = real_images(config.data_path, len(fake_images), config.eval_seed, config.eval_batch_size)
    return fid_against_real(to_uint8(fake_images, (-1.0, 1.0)).transpose(0, 2, 3, 1), real, config.inception_pb,
                            config.eval_batch_size)


def evaluation_count(config):
    """How many images the evaluation generates: the grids', or num_samples for FID."""
    return max(GRID, config.num_samples) if config.inception_pb else GRID


def run_evaluation(generate_batch, batch_size, config, out_dir, source):
    """Grids, and FID when ``inception_pb`` is given; returns {metric name: result}."""
    ensure_writable_dir(out_dir)
    images = generate_images(generate_batch, evaluation_count(config), batch_size, config.eval_seed)
    print(f"sample grids: {save_grids(images, out_dir, config.img_url)}, {os.path.join(out_dir, 'samples.png')}")
    results = {}
    if config.inception_pb:
        name, result = fid_train(images[:config.num_samples], config)
        result.update(eval_seed=config.eval_seed, data_path=config.data_path, generator=source)
        write_result(out_dir, name, result)
        print(f"{name}: {result['value']:.3f}")
        results[name] = result
    return results
