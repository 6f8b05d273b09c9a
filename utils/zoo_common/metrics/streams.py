"""Image streams for metrics: any iterable of batches, regrouped into fixed-size chunks."""
import numpy as np


def chunks(batches, size, count, what="images"):
    """Arrays of ``size`` images (the last one smaller) taken from ``batches``, ``count`` images in all.

    ``batches`` is any iterable of arrays [n, ...]; it is read lazily and stops being read once ``count``
    images are out. A source that ends early, or changes image shape, is a ValueError naming ``what``.
    """
    if size < 1 or count < 1:
        raise ValueError(f"{what}: chunk size and count must be positive, got {size} and {count}")
    pending, held, given = [], 0, 0
    iterator = iter(batches)
    while given < count:
        want = min(size, count - given)
        while held < want:
            batch = next(iterator, None)
            if batch is None:
                raise ValueError(f"{what}: the source ended after {given + held} images, {count} are needed")
            batch = np.asarray(batch)
            if pending and batch.shape[1:] != pending[0].shape[1:]:
                raise ValueError(f"{what}: image shape changed from {list(pending[0].shape[1:])} to "
                                 f"{list(batch.shape[1:])}")
            pending.append(batch)
            held += len(batch)
        joined = pending[0] if len(pending) == 1 else np.concatenate(pending)
        yield joined[:want]
        pending, held, given = [joined[want:]], held - want, given + want
