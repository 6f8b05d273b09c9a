"""Latent and label sampling. Training draws z ~ N(0, I); sampling may truncate (resampling, not clipping)."""
import numpy as np
from scipy.stats import truncnorm


def sample_z(rng, count, z_dim, truncation=0.0):
    """float32 [count, z_dim]; ``truncation`` > 0 draws from N(0, 1) truncated to ±truncation."""
    if truncation > 0:
        z = truncnorm.rvs(-truncation, truncation, size=(count, z_dim), random_state=rng)
    else:
        z = rng.standard_normal((count, z_dim))
    return z.astype(np.float32)


def sample_labels(rng, count, num_classes):
    return rng.randint(0, num_classes, size=count).astype(np.int32)


def class_rows(num_classes, per_class):
    """int32 labels [num_classes·per_class]: one row of ``per_class`` samples per class."""
    return np.repeat(np.arange(num_classes, dtype=np.int32), per_class)
