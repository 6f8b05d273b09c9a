"""WGAN's evaluation, shared by eval.py (MindSpore), infer_onnx.py (ONNX Runtime) and postprocess.py (C++).

One stream of generated images from ``eval_seed`` (the generator description's noise) feeds every result:
- ``generated_<i>.png``: the first ``num_images``, one PNG each (the reference's eval), and ``samples.png``,
  their grid (clipped to [-1, 1] and rounded, sized from the count: spec §9.6);
- ``swd<count>``: sliced Wasserstein distance, Karras et al. 2018 (7×7 neighbourhoods, 128 per image,
  Laplacian levels down to 16 px), ×1e3 per level and averaged, ``swd_images`` generated vs as many training
  images (a seeded choice); needs ``data_path``;
- ``ms_ssim_fake_pairs<count>``: mean MS-SSIM of ``ms_ssim_pairs`` pairs of consecutive generated images (lower:
  more diverse), with ``ms_ssim_real_pairs<count>``, the same over real pairs, as its baseline (with data_path);
- ``fid<count>_train``: FID against the training images with the user's Inception graph (``inception_pb``).
Results go to ``<folder>/<metric>.json`` (utils/zoo_common/metrics/results.py).
"""
import os

import numpy as np

from utils.zoo_common.atomic_file import ensure_writable_dir
from utils.zoo_common.image_grid import save_image_grid, save_images, to_uint8
from utils.zoo_common.metrics.ms_ssim import ms_ssim_pairs
from utils.zoo_common.metrics.naming import describe, metric_name
from utils.zoo_common.metrics.results import write_result
from utils.zoo_common.metrics.swd import Descriptors, sliced_wasserstein_distance

from .dataset import open_dataset


def evaluation_count(config):
    """Generated images the evaluation needs: the PNGs, SWD's (with data), MS-SSIM's pairs, FID's."""
    counts = [config.num_images, 2 * config.ms_ssim_pairs]
    if config.data_path:
        counts.append(config.swd_images)
    if config.inception_pb:
        counts.append(config.num_samples)
    return max(counts)


def generate_uint8(spec, generate_batch, count, batch_size, seed):
    """``count`` generated images as uint8 NCHW (clipped, rounded), generated batch by batch."""
    arrays = spec.sample(count, seed)
    parts = [to_uint8(np.asarray(generate_batch(*batch))[:rows], spec.output.value_range)
             for batch, rows in spec.padded_batches(arrays, batch_size)]
    return np.concatenate(parts)


def real_images(config, count, image_size):
    """Up to ``count`` training images (a seeded choice, eval_seed) at the generator's size, as uint8 NCHW."""
    images = open_dataset(config, output="uint8", check_batch=False, image_size=image_size)
    count = min(count, len(images))
    batches = images.batches(config.eval_batch_size, config.eval_seed, drop_remainder=False)
    return np.concatenate([batch for batch, _ in zip(batches, range(-(-count // config.eval_batch_size)))])[:count]


def swd(fakes, reals, seed):
    count = min(len(fakes), len(reals))
    real = Descriptors([reals[:count]], count, seed=[seed, 0], what="real images")
    fake = Descriptors([fakes[:count]], count, seed=[seed, 1], what="generated images")
    levels = sliced_wasserstein_distance(real, fake, seed)
    return metric_name("swd", count), {"value": levels["avg"], "levels_x1e3": levels,
                                       "protocol": describe("swd", count), "num_samples": count}


def ms_ssim(images, pairs, protocol):
    value = ms_ssim_pairs([images[:2 * pairs]], pairs, what=protocol)
    return metric_name(protocol, pairs), {"value": float(value), "protocol": describe(protocol, pairs),
                                         "num_pairs": pairs}


def run_evaluation(spec, generate_batch, batch_size, config, out_dir, source):
    """Images, grid and the metrics the config asks for; returns {metric name: result}."""
    ensure_writable_dir(out_dir)
    fakes = generate_uint8(spec, generate_batch, evaluation_count(config), batch_size, config.eval_seed)
    shown = fakes[:config.num_images].astype(np.float32) / 255.0
    save_images(shown, out_dir, "generated")
    columns = int(np.ceil(np.sqrt(len(shown))))
    save_image_grid(shown, os.path.join(out_dir, "samples.png"), ncols=columns)
    print(f"{len(shown)} images generated_<i>.png and their grid samples.png in {out_dir}")
    results = {}
    needs_reals = config.data_path and (config.swd_images or config.ms_ssim_pairs or config.inception_pb)
    reals = real_images(config, max(config.swd_images, 2 * config.ms_ssim_pairs, config.num_samples
                                    if config.inception_pb else 0), spec.output.shape[1]) if needs_reals else None
    if config.swd_images and reals is not None:
        name, result = swd(fakes[:config.swd_images], reals[:config.swd_images], config.eval_seed)
        results[name] = result
    if config.ms_ssim_pairs:
        name, result = ms_ssim(fakes, config.ms_ssim_pairs, "ms_ssim_fake_pairs")
        results[name] = result
        if reals is not None and len(reals) >= 2:
            name, result = ms_ssim(reals, min(config.ms_ssim_pairs, len(reals) // 2), "ms_ssim_real_pairs")
            results[name] = result
    if config.inception_pb:
        if reals is None:
            raise ValueError("FID compares with the training data: pass --data_path")
        from utils.zoo_common.metrics.inception import fid_against_real
        name, result = fid_against_real(fakes[:config.num_samples].transpose(0, 2, 3, 1),
                                        reals[:config.num_samples].transpose(0, 2, 3, 1), config.inception_pb,
                                        config.eval_batch_size)
        results[name] = result
    for name, result in results.items():
        result.update(eval_seed=config.eval_seed, data_path=config.data_path, generator=source)
        write_result(out_dir, name, result)
        print(f"{name}: {result['value']:.4f}")
    return results
