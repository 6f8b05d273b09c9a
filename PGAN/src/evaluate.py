"""PGAN's evaluation, shared by eval.py (MindSpore), infer_onnx.py (ONNX Runtime) and postprocess.py (C++).

Generated images come from one stream drawn from ``eval_seed`` (noise, and alpha = ``eval_alpha`` above 4×4),
generated batch by batch and never held whole (spec §9.16); each result reads a prefix of it, generated
again (``make_generator()`` gives a fresh generate_batch per pass: the C++ outputs are read back in order):
- ``img_eval/result.jpg``: the first ``num_images`` (64) tiled 8×8 without padding, as the reference
  (clipped to [-1, 1], mapped to 0..255 and rounded, §9.20), plus ``generated_<i>.png``; and the zoo's grid
  ``<output_path>/eval/samples.png``;
- ``swd16k`` (``swd_images``): sliced Wasserstein distance of the paper (Laplacian levels from the scale down
  to 16 px, 7×7 neighbourhoods, 128 per image; at 8 px the single 8 px level), generated vs as many training
  images; needs ``train_data_path`` (``--original_img_dir``);
- with ``measure_ms_ssim``: ``ms_ssim_fake_pairs10k`` (paper: pairs of consecutive generated images, lower is
  more diverse), ``ms_ssim_fake_real10k`` (the reference's protocol: generated vs real) and
  ``ms_ssim_real_pairs10k`` (real pairs, the baseline of both); from 16 px on;
- with ``inception_pb`` (the user's frozen 2015 Inception graph, never downloaded): ``fid10k_train``, the
  Fréchet distance of Inception pool_3 features of ``num_samples`` generated images vs as many training images
  (at most the folder's count, none repeated); features gathered batch by batch.
Real images: a seeded order of the training folder (eval_seed), cropped as in training, at the generator's
scale, streamed. Results go to ``<output_path>/eval/<metric>.json``.
"""
import os

import numpy as np
from PIL import Image

from utils.zoo_common.atomic_file import ensure_writable_dir
from utils.zoo_common.image_grid import save_image_grid, save_images, to_uint8
from utils.zoo_common.metrics.ms_ssim import ms_ssim_cross_pairs, ms_ssim_pairs
from utils.zoo_common.metrics.naming import describe, metric_name
from utils.zoo_common.metrics.results import write_result
from utils.zoo_common.metrics.swd import Descriptors, sliced_wasserstein_distance

from .dataset import open_images

MS_SSIM_MIN_SCALE = 16
SWD_MIN_SCALE = 8


def generated_batches(spec, generate_batch, count, batch_size, seed):
    """``count`` generated images as uint8 NCHW batches (clipped, rounded), generated lazily."""
    arrays = spec.sample(count, seed)
    for batch, rows in spec.padded_batches(arrays, batch_size):
        yield to_uint8(np.asarray(generate_batch(*batch))[:rows], spec.output.value_range)


def real_batches(config, scale, offset=0):
    """Training images at ``scale`` as uint8 NCHW batches in a seeded order (eval_seed), cycling if needed."""
    images = open_images(config)
    images = images.resized(scale)
    images.output = "uint8"
    rounds = 0
    while True:
        batches = images.batches(config.eval_batch_size, config.eval_seed + offset, rounds, drop_remainder=False)
        yield from batches
        rounds += 1


def write_reference_grid(images, path, columns=8):
    """The reference's result.jpg: tiles of uint8 NCHW images, ``columns`` a row, no padding."""
    count, channels, height, width = images.shape
    rows = -(-count // columns)
    canvas = np.zeros((rows * height, columns * width, channels), np.uint8)
    for index, image in enumerate(images):
        row, column = divmod(index, columns)
        canvas[row * height:(row + 1) * height, column * width:(column + 1) * width] = image.transpose(1, 2, 0)
    Image.fromarray(canvas).save(path, quality=95)
    return path


def inception_features(inception, batches, count, batch_size):
    """pool_3 features [count, D] of the first ``count`` images of uint8 NCHW ``batches``."""
    parts, done = [], 0
    for batch in batches:
        batch = batch[:count - done]
        parts.append(inception.run(batch.transpose(0, 2, 3, 1), batch_size)[0])
        done += len(batch)
        if done == count:
            break
    return np.concatenate(parts)


def fid(config, generated, scale):
    """(name, record) of FID: ``num_samples`` generated vs min(num_samples, folder size) training images."""
    from utils.zoo_common.metrics.fid_is import activation_statistics, frechet_distance
    from utils.zoo_common.metrics.inception import InceptionNetwork
    count = config.num_samples
    real_count = min(count, len(open_images(config)))
    inception = InceptionNetwork(config.inception_pb)
    try:
        fake = inception_features(inception, generated(count), count, config.eval_batch_size)
        real = inception_features(inception, real_batches(config, scale, 3), real_count, config.eval_batch_size)
    finally:
        inception.close()
    value = frechet_distance(*activation_statistics(fake), *activation_statistics(real))
    return metric_name("fid", count, "train"), {"value": float(value), "protocol": describe("fid", count),
                                                "num_samples": count, "num_real": real_count,
                                                "inception_sha256": inception.sha256}


def evaluation_count(config, scale):
    """Generated images the evaluation reads: the grid's, SWD's, MS-SSIM's pairs and FID's."""
    counts = [config.num_images]
    if config.inception_pb:
        counts.append(config.num_samples)
    if config.train_data_path and scale >= SWD_MIN_SCALE:
        counts.append(config.swd_images)
    if config.measure_ms_ssim and scale >= MS_SSIM_MIN_SCALE:
        counts.append(2 * config.ms_ssim_pairs)
    return max(counts)


def run_evaluation(spec, make_generator, batch_size, config, out_dir, img_dir, source, scale):
    """Images, grids and the metrics the config asks for; returns {metric name: result}."""

    def generated(count):
        return generated_batches(spec, make_generator(), count, batch_size, config.eval_seed)

    has_reals = bool(config.train_data_path)
    if config.inception_pb and not has_reals:
        raise ValueError("FID (inception_pb) compares with the training images: pass --train_data_path "
                         "(--original_img_dir)")
    ensure_writable_dir(out_dir)
    ensure_writable_dir(img_dir)
    shown = np.concatenate(list(generated(config.num_images)))
    write_reference_grid(shown, os.path.join(img_dir, "result.jpg"))
    save_images(shown.astype(np.float32) / 255.0, img_dir, "generated")
    save_image_grid(shown.astype(np.float32) / 255.0, os.path.join(out_dir, "samples.png"),
                    ncols=int(np.ceil(np.sqrt(len(shown)))))
    print(f"{len(shown)} images generated_<i>.png and their grid result.jpg in {img_dir}")
    results = {}
    if config.swd_images and has_reals and scale >= SWD_MIN_SCALE:
        count = config.swd_images
        fake = Descriptors(generated(count), count,
                           seed=[config.eval_seed, 1], min_resolution=min(16, scale), what="generated images")
        real = Descriptors(real_batches(config, scale), count, seed=[config.eval_seed, 0],
                           min_resolution=min(16, scale), what="real images")
        levels = sliced_wasserstein_distance(real, fake, config.eval_seed)
        results[metric_name("swd", count)] = {"value": levels["avg"], "levels_x1e3": levels,
                                              "protocol": describe("swd", count), "num_samples": count}
    elif config.swd_images:
        print(f"swd: skipped ({'needs train_data_path' if not has_reals else f'needs {SWD_MIN_SCALE} px or more'})")
    if config.measure_ms_ssim and scale >= MS_SSIM_MIN_SCALE:
        pairs = config.ms_ssim_pairs
        measured = {"ms_ssim_fake_pairs": ms_ssim_pairs(generated(2 * pairs), pairs, what="generated images")}
        if has_reals:
            measured["ms_ssim_fake_real"] = ms_ssim_cross_pairs(generated(pairs), real_batches(config, scale, 1), pairs)
            measured["ms_ssim_real_pairs"] = ms_ssim_pairs(real_batches(config, scale, 2), pairs, what="real images")
        for protocol, value in measured.items():
            results[metric_name(protocol, pairs)] = {"value": float(value), "protocol": describe(protocol, pairs),
                                                     "num_pairs": pairs}
    elif config.measure_ms_ssim:
        print(f"ms_ssim: skipped (needs {MS_SSIM_MIN_SCALE} px or more, the generator makes {scale} px)")
    if config.inception_pb:
        name, result = fid(config, generated, scale)
        results[name] = result
    for name, result in results.items():
        result.update(eval_seed=config.eval_seed, train_data_path=config.train_data_path, generator=source,
                      scale=scale)
        write_result(out_dir, name, result)
        print(f"{name}: {result['value']:.4f}")
    return results
