"""Exponential moving average of G kept as a second, non-trainable generator (scope ``generator_ema``).

Weights follow ema ← d·ema + (1 − d)·live with d = min(decay, (1 + n)/(10 + n)) at G step n; SN u
vectors are copied from the live G. BN statistics are not averaged: they are recomputed for the EMA
weights as standing statistics (see ``normalization``), since the live G's statistics belong to
other weights.
"""
from .tf_compat import tf

LIVE_SCOPE = "generator"
EMA_SCOPE = "generator_ema"
_STATISTICS = ("/moving_mean", "/moving_variance", "/standing_count")


def scope_variables(scope):
    """Global variables under exactly ``scope``/ (``generator`` must not match ``generator_ema``)."""
    return [v for v in tf.global_variables() if v.op.name.startswith(scope + "/")]


def live_name(ema_name):
    return LIVE_SCOPE + ema_name[len(EMA_SCOPE):]


def ema_name(live_name):
    return EMA_SCOPE + live_name[len(LIVE_SCOPE):]


def paired_variables():
    """[(live, ema)] for every EMA-generator variable except BN statistics (optimizer slots have no pair)."""
    live = {v.op.name: v for v in scope_variables(LIVE_SCOPE)}
    pairs = []
    for ema in scope_variables(EMA_SCOPE):
        if ema.op.name.endswith(_STATISTICS):
            continue
        if live_name(ema.op.name) not in live:
            raise ValueError(f"live generator lacks {live_name(ema.op.name)}")
        pairs.append((live[live_name(ema.op.name)], ema))
    return pairs


def effective_decay(decay, step):
    return tf.minimum(decay, (1.0 + step) / (10.0 + step))


def ema_update(decay, step):
    """Op blending the EMA weights towards the live ones and copying the u vectors."""
    rate = effective_decay(decay, tf.cast(step, tf.float32))
    trainable = {v.op.name for v in tf.trainable_variables()}
    updates = []
    for live, ema in paired_variables():
        if live.op.name in trainable:
            updates.append(tf.assign(ema, rate * ema + (1.0 - rate) * live))
        else:
            updates.append(tf.assign(ema, live))
    return tf.group(*updates)


def ema_copy():
    """Op setting the EMA generator equal to the live one (at initialisation)."""
    return tf.group(*[tf.assign(ema, live) for live, ema in paired_variables()])


def non_trainable_getter(getter, *args, **kwargs):
    """Variable-scope custom getter that creates the EMA copy's variables outside every optimizer."""
    kwargs["trainable"] = False
    return getter(*args, **kwargs)
