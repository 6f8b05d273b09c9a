"""PGAN's growth schedule (specs/PGAN.md §4.4, §4.6, §9.10): the run's steps laid out over the scales.

Step s (1-based, the run template's unit: one D step and one G step) falls in scale index k at iteration
i (0-based within the scale) when n_0 + … + n_{k−1} < s ≤ … + n_k, n_k the iterations of scale k.

Counted in iterations (the reference's keys): n_k = num_batch[k], and the fade-in weight of the old path is
alpha(k, i) = 1 − floor(i / m)/n while i < n·m, then 0, with n = alpha_jumps[k], m = alpha_size_jumps[k].
Counted in images (§9.10; ``num_kimg`` / ``fade_kimg``, thousands of real images over all workers, each
iteration showing batch_size_list[k]·workers of them): n_k = ceil(num_kimg[k]·1000 / (batch·workers)), and
alpha(k, i) = max(0, 1 − i·batch·workers / (fade_kimg[k]·1000)), linear in the images shown before
iteration i, as the paper. Either way alpha is 0 at the first scale and with no fade.
"""
import numpy as np


def images(kimg):
    """Whole images of ``kimg`` thousands (307.2 → 307,200, no float rounding up)."""
    return int(round(float(kimg) * 1000))


class GrowthPlan:
    def __init__(self, num_batch, alpha_jumps, alpha_size_jumps, scales, fade_images=None, images_per_iteration=None):
        """``fade_images``: per-scale fade lengths in images (then ``images_per_iteration`` per scale is needed;
        the alpha jumps are unused); None: the fade in jumps of iterations."""
        self.num_batch, self.scales = [int(n) for n in num_batch], [int(s) for s in scales]
        self.alpha_jumps, self.alpha_size_jumps = list(alpha_jumps), list(alpha_size_jumps)
        self.fade_images = None if fade_images is None else [int(n) for n in fade_images]
        self.images_per_iteration = None if images_per_iteration is None else [int(n) for n in images_per_iteration]
        self.ends = np.cumsum(self.num_batch)
        self.total_steps = int(self.ends[-1])

    @classmethod
    def from_config(cls, config, workers=1):
        """The plan of ``config`` for a run over ``workers`` data-parallel workers (only the image counts
        ``num_kimg`` / ``fade_kimg`` depend on it)."""
        shown = [int(b) * int(workers) for b in config.batch_size_list]
        num_batch = list(config.num_batch)
        if config.num_kimg:
            num_batch = [max(1, -(-images(k) // n)) for k, n in zip(config.num_kimg, shown)]
        fade = [images(k) for k in config.fade_kimg] if config.fade_kimg else None
        return cls(num_batch, config.alpha_jumps, config.alpha_size_jumps, config.scales, fade, shown)

    def locate(self, step):
        """(scale index, iteration within the scale, 0-based) of step ``step`` (1-based)."""
        if not 1 <= step <= self.total_steps:
            raise ValueError(f"step must be in [1, {self.total_steps}], got {step}")
        index = int(np.searchsorted(self.ends, step))
        start = int(self.ends[index - 1]) if index else 0
        return index, step - 1 - start

    def alpha(self, index, iteration):
        if index == 0:
            return 0.0
        if self.fade_images is not None:
            fade = self.fade_images[index]
            return 0.0 if fade <= 0 else max(0.0, 1.0 - iteration * self.images_per_iteration[index] / fade)
        jumps = self.alpha_jumps[index]
        if jumps <= 0:
            return 0.0
        size = self.alpha_size_jumps[index]
        if iteration >= jumps * size:
            return 0.0
        return 1.0 - (iteration // size) / jumps

    def alpha_at(self, step):
        return self.alpha(*self.locate(step))

    def ends_scale(self, step):
        return step in self.ends

    def first_step(self, index):
        return (int(self.ends[index - 1]) if index else 0) + 1
