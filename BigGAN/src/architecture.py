"""Per-resolution layouts: channel multipliers of ``base_channel`` and where attention sits.

32 is the reference's layout (every stage 4·ch wide, attention at 16×16); 64 and 128 follow
BigGAN's published ImageNet layouts.
"""
GENERATOR = {
    32: {"channels": [4, 4, 4, 4], "attention": 16},
    64: {"channels": [16, 8, 4, 2, 1], "attention": 32},
    128: {"channels": [16, 16, 8, 4, 2, 1], "attention": 64},
}

DISCRIMINATOR = {
    32: {"channels": [4, 4, 4, 4], "downsample": [True, True, False, False], "attention": 16},
    64: {"channels": [1, 2, 4, 8, 16], "downsample": [True, True, True, True, False], "attention": 32},
    128: {"channels": [1, 2, 4, 8, 16, 16], "downsample": [True, True, True, True, True, False],
          "attention": 64},
}

RESOLUTIONS = tuple(sorted(GENERATOR))


def check_resolution(resolution):
    if resolution not in GENERATOR:
        raise ValueError(f"resolution must be one of {list(RESOLUTIONS)}, got {resolution}")
    return resolution


def z_chunk_sizes(z_dim, resolution):
    """Hierarchical z: one chunk for the first linear layer and one per generator block."""
    chunks = len(GENERATOR[check_resolution(resolution)]["channels"])
    size, remainder = divmod(z_dim, chunks)
    if size == 0:
        raise ValueError(f"z_dim {z_dim} is too small to split into {chunks} chunks")
    return [size] * (chunks - 1) + [size + remainder]


def generator_kwargs(cfg):
    """Keyword arguments of ``generator`` taken from a config."""
    return {"base_channel": cfg.base_channel, "num_classes": cfg.num_classes, "shared_dim": cfg.shared_dim,
            "resolution": check_resolution(cfg.resolution)}


def discriminator_kwargs(cfg):
    return {"base_channel": cfg.base_channel, "num_classes": cfg.num_classes,
            "resolution": check_resolution(cfg.resolution)}
