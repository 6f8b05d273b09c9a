"""PGAN's growth schedule (specs/PGAN.md §4.4, §4.6): the run's steps laid out over the scales.

Step s (1-based, the run template's unit: one D step and one G step) falls in scale index k at iteration
i (0-based within the scale) when num_batch[0] + … + num_batch[k−1] < s ≤ … + num_batch[k]. The fade-in
weight of the old path is the reference's: with n = alpha_jumps[k] and m = alpha_size_jumps[k],
alpha(k, i) = 1 − floor(i / m)/n while i < n·m, then 0 (always 0 at the first scale or with n = 0).
"""
import numpy as np


class GrowthPlan:
    def __init__(self, num_batch, alpha_jumps, alpha_size_jumps, scales):
        self.num_batch, self.scales = [int(n) for n in num_batch], [int(s) for s in scales]
        self.alpha_jumps, self.alpha_size_jumps = list(alpha_jumps), list(alpha_size_jumps)
        self.ends = np.cumsum(self.num_batch)
        self.total_steps = int(self.ends[-1])

    @classmethod
    def from_config(cls, config):
        return cls(config.num_batch, config.alpha_jumps, config.alpha_size_jumps, config.scales)

    def locate(self, step):
        """(scale index, iteration within the scale, 0-based) of step ``step`` (1-based)."""
        if not 1 <= step <= self.total_steps:
            raise ValueError(f"step must be in [1, {self.total_steps}], got {step}")
        index = int(np.searchsorted(self.ends, step))
        start = int(self.ends[index - 1]) if index else 0
        return index, step - 1 - start

    def alpha(self, index, iteration):
        jumps = self.alpha_jumps[index]
        if index == 0 or jumps <= 0:
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
