"""How a network pass treats its state (SN ``u`` vectors, BN statistics); chosen when the graph is built.

The reference switches with a boolean ``tf.Variable`` feeding a ``tf.cond``; that costs extra
``sess.run`` calls and cannot be frozen on TF 2.x. Here each pass is built for one mode.
"""
TRAIN = "train"        # batch statistics; updates SN u vectors and BN running statistics
FORWARD = "forward"    # batch statistics; no state updates (G inside a D step, D inside a G step)
STANDING = "standing"  # batch statistics accumulated into BN standing statistics; no u update
EVAL = "eval"          # BN running/standing statistics; no state updates (sampling, export)

ALL = (TRAIN, FORWARD, STANDING, EVAL)


def uses_batch_statistics(mode):
    return mode != EVAL


def check(mode):
    if mode not in ALL:
        raise ValueError(f"network mode must be one of {ALL}, got {mode!r}")
    return mode
