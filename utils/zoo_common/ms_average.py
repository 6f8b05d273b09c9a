"""An averaged generator: an exponential moving average of a network's weights, updated after every G step.

The average is bias-corrected as Adam corrects its moments: after step t it equals
``Σ_i (1 − d) d^(t−i) w_i / (1 − d^t)``, the zero-started average divided by the weight it has gathered, so an
average of 1,000 steps at d = 0.999 is not 37 % initial weights. Written as a running update
``avg ← avg + r_t (w − avg)`` with ``r_t = (1 − d) / (1 − d^t)`` (r_1 = 1: a copy), the average network always
holds usable weights and its checkpoint is an ordinary generator checkpoint.
"""
import numpy as np
import mindspore as ms
from mindspore import ParameterTuple, nn, ops

AVERAGE_PREFIX = "average_generator."


def average_rate(decay, step):
    """r_t of the bias-corrected running average at step ``step`` (1, 2, …), the float32 scalar tensor that
    ``AverageUpdate`` takes."""
    return ms.Tensor(np.float32((1.0 - decay) / (1.0 - decay ** step)))


def bare_name(name):
    return name.split(".", 1)[1]


class AverageUpdate(nn.Cell):
    """``update(average_rate(decay, step))``: average ← average + rate · (source − average) for every trainable
    parameter; the non-trainable ones (BatchNorm statistics) are copied. Parameters are paired by name, each network under
    its own one-word prefix (``generator.``, ``average_generator.``)."""

    def __init__(self, source, average):
        super().__init__()
        sources = {bare_name(p.name): p for p in source.get_parameters()}
        pairs = []
        for param in average.get_parameters():
            match = sources.get(bare_name(param.name))
            if match is None or match.shape != param.shape:
                raise ValueError(f"averaged network parameter {param.name!r} has no counterpart of shape "
                                 f"{param.shape} in the source network")
            pairs.append((param, match))
        self.average = ParameterTuple([a for a, _ in pairs])
        self.source = ParameterTuple([s for _, s in pairs])
        self.trainable = tuple(s.requires_grad for _, s in pairs)

    def construct(self, rate):
        updates = ()
        for avg, src, trainable in zip(self.average, self.source, self.trainable):
            if trainable:
                updates += (ops.assign(avg, avg + rate * (src - avg)),)
            else:
                updates += (ops.assign(avg, src),)
        return ops.depend(rate, updates)
