"""The one place TensorFlow is imported: TF 1.x graph semantics on TF 1.15 and on TF 2.x.

``tensorflow.compat.v1`` exists on both TF 1.15 (with ``npu_bridge`` on Ascend) and TF 2.x, so the
same graph code runs unchanged on either once v2 behaviour (eager execution, resource variables,
v2 control flow) is switched off.
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import tensorflow.compat.v1 as tf  # noqa: E402

tf.logging.set_verbosity(tf.logging.ERROR)
tf.disable_v2_behavior()

__all__ = ["tf"]
