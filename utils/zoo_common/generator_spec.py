"""What a generator takes and returns, declared once per model in ``<MODEL>/src/generator_spec.py``.

A ``GeneratorSpec`` lists the generator's inputs (exported graph input name, dtype, per-sample shape, how
to draw them from a seed, the folder of their ``.bin`` files) and its output (name, per-sample shape,
layout, value range). Evaluation sampling, fixed-batch generation, export, ONNX Runtime
(``onnx_session``), the ``.bin`` files of C++ inference (``bin_io``) and the C++ main of
``utils/cpp_infer`` (through ``to_text``) all read it. NumPy only.
"""
import dataclasses
import re
from typing import Callable

import numpy as np

LAYOUTS = ("NCHW", "NHWC")
_TOKEN = re.compile(r"^[A-Za-z0-9_.:/-]+$")


# Samplers: (rng, (count, *per-sample shape)) -> values. ``rng`` comes from the spec's ``make_rng``;
# the inputs draw from it one after the other, in declaration order.
def normal():
    """Standard normal noise."""
    return lambda rng, shape: rng.standard_normal(shape)


def uniform(low=0.0, high=1.0):
    return lambda rng, shape: rng.uniform(low, high, shape)


def cycled_classes(num_classes):
    """0, 1, …, K-1, 0, 1, …: an equal count per class (up to the remainder); draws nothing."""
    return lambda rng, shape: (np.arange(shape[0]) % num_classes).reshape(shape)


def class_rows(num_classes):
    """0, 0, …, 1, 1, …: one run of ceil(count / K) samples per class (a grid row per class)."""
    return lambda rng, shape: np.repeat(np.arange(num_classes), -(-shape[0] // num_classes))[:shape[0]].reshape(shape)


def random_classes(num_classes):
    """Uniformly drawn class ids (``integers`` of a numpy Generator, ``randint`` of a RandomState)."""
    def draw(rng, shape):
        integers = getattr(rng, "integers", None) or rng.randint
        return integers(0, num_classes, size=shape[0]).reshape(shape)
    return draw


def seeded_generator(seed):
    return np.random.default_rng([seed])


def _dims(shape):
    return "(" + ",".join(["N", *map(str, shape)]) + ("," if not shape else "") + ")"


def _checked_token(value, what):
    if not _TOKEN.match(str(value)):
        raise ValueError(f"generator description: {what} {value!r} must be one word of [A-Za-z0-9_.:/-]")
    return str(value)


@dataclasses.dataclass(frozen=True)
class Input:
    name: str  # the exported graph input's name
    dtype: str  # numpy dtype name: float32, int32, ...
    shape: tuple  # per sample; the batch dimension N comes first and is not listed
    sampler: Callable  # (rng, (count, *shape)) -> values; see the samplers above
    folder: str = ""  # folder of the input's .bin files (default: the name)

    @property
    def bin_folder(self):
        return self.folder or self.name

    def describe(self):
        return f"{self.name} {self.dtype} {_dims(self.shape)}"

    def cast(self, values):
        """``values`` as the graph takes them: this dtype, shape (count, *shape)."""
        return np.ascontiguousarray(np.asarray(values).astype(self.dtype, copy=False).reshape((-1, *self.shape)))


@dataclasses.dataclass(frozen=True)
class Output:
    name: str
    shape: tuple  # per sample, in ``layout`` order (C,H,W or H,W,C)
    layout: str = "NCHW"  # NCHW | NHWC
    value_range: tuple = (0.0, 1.0)
    dtype: str = "float32"

    def describe(self, count="N"):
        return f"{self.name} {self.dtype} ({','.join(map(str, [count, *self.shape]))}) {self.layout}"

    def to_nchw(self, images):
        return images if self.layout == "NCHW" else np.asarray(images).transpose(0, 3, 1, 2)


@dataclasses.dataclass(frozen=True)
class GeneratorSpec:
    model: str
    inputs: tuple
    output: Output
    make_rng: Callable = seeded_generator  # seed -> the random source the samplers draw from

    def __post_init__(self):
        if self.output.layout not in LAYOUTS:
            raise ValueError(f"generator description: layout must be one of {LAYOUTS}, got {self.output.layout!r}")

    def sample(self, count, seed):
        """One array per input, (count, *shape) of its dtype, drawn from ``make_rng(seed)``."""
        rng = self.make_rng(seed)
        return tuple(spec.cast(spec.sampler(rng, (count, *spec.shape))) for spec in self.inputs)

    def padded_batches(self, arrays, batch_size):
        """(batch arrays, real rows) of exactly ``batch_size`` rows, the last one zero-padded after the real
        rows (exported generators have a fixed batch)."""
        for start in range(0, len(arrays[0]), batch_size):
            batch = [array[start:start + batch_size] for array in arrays]
            pad = batch_size - len(batch[0])
            yield [np.concatenate([part, np.zeros((pad, *part.shape[1:]), part.dtype)]) for part in batch], len(batch[0])

    def generate(self, generate_batch, arrays, batch_size):
        """``generate_batch(*batch)`` over fixed-size batches, padding dropped."""
        return np.concatenate([np.asarray(generate_batch(*batch))[:count]
                               for batch, count in self.padded_batches(arrays, batch_size)])

    def describe_inputs(self):
        texts = [spec.describe() for spec in self.inputs]
        joined = ", ".join(texts[:-1]) + " and " + texts[-1] if len(texts) > 1 else texts[0]
        return ("inputs " if len(texts) > 1 else "input ") + joined

    def match_inputs(self, found, source):
        """For each graph input ``(name, dtype, shape)`` (None: a dynamic dim), the index of the described
        input it takes: by name when the names match (a ``:0`` suffix aside), else by position.
        ValueError naming ``source`` unless every input fits in dtype and per-sample shape."""
        names = [re.sub(r":\d+$", "", name) for name, _, _ in found]
        declared = [spec.name for spec in self.inputs]
        order = [declared.index(name) for name in names] if sorted(names) == sorted(declared) else \
            list(range(len(found)))

        def fits(entry, spec):
            _, dtype, shape = entry
            return (dtype == spec.dtype and len(shape) == len(spec.shape) + 1
                    and all(dim is None or dim == want for dim, want in zip(shape[1:], spec.shape)))

        if len(found) != len(self.inputs) or not all(fits(entry, self.inputs[k]) for entry, k in zip(found, order)):
            seen = "; ".join(f"{name} {dtype} [{','.join('?' if d is None else str(d) for d in shape)}]"
                             for name, dtype, shape in found)
            raise ValueError(f"{source} is not a {self.model} generator: expected {self.describe_inputs()}, "
                             f"found {seen or 'no inputs'}")
        return order

    def to_text(self):
        """The description read by utils/cpp_infer's generator main (generator_spec.h)."""
        out = self.output
        lines = [f"# generator description of {self.model} (utils/zoo_common/generator_spec.py)",
                 f"model {_checked_token(self.model, 'model')}"]
        for spec in self.inputs:
            lines.append(" ".join(["input", _checked_token(spec.name, "input name"), spec.dtype,
                                   ",".join(["N", *map(str, spec.shape)]),
                                   _checked_token(spec.bin_folder, "folder")]))
        low, high = out.value_range
        lines.append(" ".join(["output", _checked_token(out.name, "output name"), out.dtype,
                               ",".join(["N", *map(str, out.shape)]), out.layout, f"{low:g},{high:g}"]))
        return "\n".join(lines) + "\n"
