"""The base of a MindSpore GAN's loss cells: G and D held without renaming their parameters, and the
binary cross-entropy of D's logits against the "real" (1) or "fake" (0) target."""
from mindspore import nn, ops


class VerdictLoss(nn.Cell):
    """Subclasses write ``construct`` with ``self.generator``, ``self.discriminator`` and ``self.verdict``."""

    def __init__(self, generator, discriminator):
        super().__init__(auto_prefix=False)
        self.generator, self.discriminator = generator, discriminator
        self.bce = nn.BCEWithLogitsLoss()

    def verdict(self, logits, real):
        """BCE-with-logits (the stable form of BCE on sigmoid outputs) against an all-``real`` target."""
        return self.bce(logits, ops.ones_like(logits) if real else ops.zeros_like(logits))
