"""What the TensorFlow and PyTorch BigGAN workloads share: BigGAN's own config and the input batch.

Every hyperparameter (Adam TTUR, d_steps, ortho_beta, EMA decay, z/embedding sizes) comes from
``BigGAN/default_config.yaml``; only the batch size and the width are set by the benchmark. Reading the
YAML imports no framework, so the PyTorch worker never loads TensorFlow.
"""
import os

import numpy as np

from utils.zoo_common.config import load_config

DEFAULT_CONFIG = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                              "BigGAN", "default_config.yaml")


def biggan_config(**overrides):
    """BigGAN's default config on CPU with ``overrides`` (keys of the YAML); None leaves a default."""
    flags = [f"--{key}={value}" for key, value in overrides.items() if value is not None]
    return load_config(DEFAULT_CONFIG, flags + ["--chip=cpu"])


def benchmark_inputs(cfg, seed=0):
    """One training iteration's data: real images NHWC in [-1, 1], int32 labels, z of the D and G steps.

    The trainer draws fresh batches and z for every step; the benchmark reuses these (same work).
    """
    rng = np.random.default_rng(seed)
    size = (cfg.batch_size, cfg.resolution, cfg.resolution, 3)
    images = rng.uniform(-1, 1, size).astype(np.float32)
    labels = rng.integers(0, cfg.num_classes, cfg.batch_size).astype(np.int32)
    d_z, g_z = (rng.standard_normal((cfg.batch_size, cfg.z_dim)).astype(np.float32) for _ in range(2))
    return images, labels, d_z, g_z
