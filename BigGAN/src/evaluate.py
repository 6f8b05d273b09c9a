"""Evaluation of a generator: per-class grid, truncation sweep, IS and FID against cached real statistics.

The generator is any callable (z float32 [N, z_dim], y int32 [N]) → images [N, H, W, 3] in [-1, 1]:
the TF inference graph in eval.py, ONNX Runtime in infer_onnx.py. Samples are quantised to uint8
as a PNG would store them; every requested sample is counted (no dropped remainder).
"""
import os
import time

import numpy as np
from scipy.stats import norm, truncnorm

from utils.zoo_common.atomic_file import atomic_path, ensure_writable_dir
from utils.zoo_common.image_grid import save_image_grid
from utils.zoo_common.metrics.fid_is import activation_statistics, frechet_distance, inception_score
from utils.zoo_common.metrics.inception import InceptionNetwork
from utils.zoo_common.metrics.naming import count_tag
from utils.zoo_common.metrics.results import write_result

from .config import requested_metrics
from .dataset import load_cifar10, resize_images
from .generator_spec import generator_spec
from .latent import class_rows, sample_z

GRID_PER_CLASS = 10
def to_uint8(images):
    return np.clip(np.round((np.asarray(images) + 1.0) * 127.5), 0, 255).astype(np.uint8)


def stats_file_name(split, count):
    return f"fid_stats_cifar10_{split.replace('+', '_')}_{count}.npz"


class Evaluator:
    """Writes into its results folder: ``samples.png``, ``truncation_sweep.png`` and one ``<metric>.json`` per
    protocol-named metric (``is10k``, ``fid10k_train``)."""

    def __init__(self, cfg, generate, folder):
        self.cfg, self.generate = cfg, generate
        self.folder = ensure_writable_dir(folder)
        self.metrics = requested_metrics(cfg.metrics)
        self.records = {}

    def _generate_uint8(self, z, labels):
        batch = self.cfg.eval_batch_size
        return np.concatenate([to_uint8(self.generate(z[i:i + batch], labels[i:i + batch]))
                               for i in range(0, len(z), batch)])

    def save_class_grid(self):
        """One row per class at the configured truncation."""
        cfg = self.cfg
        labels = class_rows(cfg.num_classes, GRID_PER_CLASS)
        z = sample_z(np.random.RandomState(cfg.eval_seed), len(labels), cfg.z_dim, cfg.truncation)
        path = os.path.join(self.folder, "samples.png")
        return save_image_grid(self._generate_uint8(z, labels).transpose(0, 3, 1, 2), path, GRID_PER_CLASS,
                               value_range=(0, 255))

    def save_truncation_sweep(self):
        """One row per threshold, one column per class; every row uses the same latent quantiles."""
        cfg = self.cfg
        quantiles = np.random.RandomState(cfg.eval_seed).uniform(size=(cfg.num_classes, cfg.z_dim))
        labels = np.arange(cfg.num_classes, dtype=np.int32)
        rows = []
        for threshold in cfg.truncation_sweep:
            z = truncnorm.ppf(quantiles, -threshold, threshold) if threshold > 0 else norm.ppf(quantiles)
            rows.append(self._generate_uint8(z.astype(np.float32), labels))
        path = os.path.join(self.folder, "truncation_sweep.png")
        return save_image_grid(np.concatenate(rows).transpose(0, 3, 1, 2), path, cfg.num_classes,
                               value_range=(0, 255))

    def samples(self, count):
        """``count`` uint8 images from ``evaluation_inputs``."""
        return self._generate_uint8(*evaluation_inputs(self.cfg, count))

    def reference_statistics(self, inception):
        """(μ, Σ) of the real split, computed once per (split, count, Inception graph) and cached."""
        cfg = self.cfg
        images, _ = load_cifar10(cfg.data_path, cfg.fid_split)
        path = os.path.join(cfg.stats_dir, stats_file_name(cfg.fid_split, len(images)))
        if os.path.isfile(path):
            with np.load(path) as cached:
                if {"mu", "sigma"} - set(cached.files):
                    raise ValueError(f"FID statistics {path!r} lack 'mu'/'sigma'")
                if "inception_sha256" in cached.files and str(cached["inception_sha256"]) != inception.sha256:
                    raise ValueError(f"FID statistics {path!r} were computed with another Inception graph "
                                     f"(sha256 {cached['inception_sha256']}); delete the file to recompute")
                return cached["mu"], cached["sigma"], path
        features, _ = inception.run(resize_images(images, cfg.resolution), cfg.eval_batch_size)
        mu, sigma = activation_statistics(features)
        ensure_writable_dir(cfg.stats_dir, "stats_dir")
        with atomic_path(path, suffix=".npz") as tmp:
            np.savez(tmp, mu=mu, sigma=sigma, inception_sha256=inception.sha256, count=len(images))
        return mu, sigma, path

    def compute_metrics(self, inception, images):
        """IS/FID of ``images()`` (uint8 NHWC); the real statistics come first, so a bad data_path fails early."""
        cfg = self.cfg
        reference = self.reference_statistics(inception) if "fid" in self.metrics else None
        start = time.perf_counter()
        images = images()
        tag = count_tag(len(images))
        features, probs = inception.run(images, cfg.eval_batch_size)
        common = {"num_samples": len(images), "truncation": cfg.truncation, "inception_sha256": inception.sha256}
        result = dict(common)
        if "is" in self.metrics:
            name = f"is{tag}"
            mean, std = inception_score(probs, cfg.is_splits)
            result.update({name: mean, f"{name}_std": std, "is_splits": cfg.is_splits})
            self.records[name] = dict(common, mean=mean, std=std, splits=cfg.is_splits)
        if reference:
            mu, sigma, stats_path = reference
            name = f"fid{tag}_{cfg.fid_split.replace('+', '_')}"
            result.update({name: frechet_distance(*activation_statistics(features), mu, sigma),
                           "fid_statistics": stats_path})
            self.records[name] = dict(common, value=result[name], statistics=stats_path)
        result["seconds"] = round(time.perf_counter() - start, 1)
        return result

    def _open_inception(self, config):
        """The Inception network when metrics are requested (rejected if absent or wrong), else None."""
        return InceptionNetwork(self.cfg.inception_pb, self.cfg.inception_sha256, config) if self.metrics else None

    def _finish(self, result, inception, images):
        self.records = {}
        try:
            if inception:
                result.update(self.compute_metrics(inception, images))
        finally:
            if inception:
                inception.close()
        for name, record in self.records.items():
            write_result(self.folder, name, dict(record, source=result["source"], seconds=result.get("seconds")))
        return result

    def run(self, source, inception_config=None):
        """Grids always; IS/FID of ``num_samples`` samples when requested, each written to ``<metric>.json``.

        The Inception graph is loaded (and rejected if absent or wrong) before anything is written.
        """
        inception = self._open_inception(inception_config)
        result = {"source": source, "class_grid": self.save_class_grid(),
                  "truncation_sweep": self.save_truncation_sweep()}
        return self._finish(result, inception, lambda: self.samples(self.cfg.num_samples))

    def evaluate_images(self, images, source, inception_config=None):
        """IS/FID of given uint8 images (C++ inference results), recorded like ``run``."""
        return self._finish({"source": source}, self._open_inception(inception_config), lambda: images)


def evaluation_inputs(cfg, count):
    """(z, labels) of the evaluation samples: uniform classes, z truncated at ``truncation``, from eval_seed."""
    z, labels = generator_spec(cfg).sample(count, cfg.eval_seed)
    return z, labels.reshape(-1)
