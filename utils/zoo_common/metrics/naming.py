"""Result names that encode the protocol: ``fid10k_train``, ``is50k``, ``swd16k``, ``ms_ssim_fake_pairs10k``."""

PROTOCOLS = {
    "fid": "Fréchet distance of Inception pool_3 features: {count} generated images vs a real split's statistics",
    "is": "Inception score of {count} generated images, mean and std over splits",
    "swd": "sliced Wasserstein distance ×1e3 per Laplacian level: {count} real vs {count} generated images",
    "ms_ssim_fake_pairs": "mean MS-SSIM of {count} pairs of consecutive generated images (lower: more diverse)",
    "ms_ssim_real_pairs": "mean MS-SSIM of {count} pairs of consecutive real images (baseline)",
    "ms_ssim_fake_real": "mean MS-SSIM of {count} generated-real pairs (the PGAN ModelZoo reference protocol)",
}


def count_tag(count):
    """The count as written in names: 10000 → '10k', 16384 → '16k' (a power of two ≥ 1024), 4992 → '4992'.

    Tags are labels; results record the exact count beside them.
    """
    if count > 0 and count % 1000 == 0:
        return f"{count // 1000}k"
    if count >= 1024 and count & (count - 1) == 0:
        return f"{count // 1024}k"
    return str(count)


def _check(protocol):
    if protocol not in PROTOCOLS:
        raise ValueError(f"unknown metric protocol {protocol!r}: expected one of {sorted(PROTOCOLS)}")


def metric_name(protocol, count, split=""):
    """('swd', 16384) → 'swd16k'; ('fid', 10000, 'train') → 'fid10k_train'."""
    _check(protocol)
    return f"{protocol}{count_tag(count)}" + (f"_{split}" if split else "")


def describe(protocol, count):
    """One-line description of a protocol at ``count`` samples, for result files."""
    _check(protocol)
    return PROTOCOLS[protocol].format(count=count)
