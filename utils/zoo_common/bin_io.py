"""The ``.bin`` files exchanged with the C++ inference programs, laid out from a generator description.

- preprocess: ``<root>/<input folder>/<model>_bs<B>_<k>.bin`` for every generator input (headerless,
  row-major, little-endian as ``ndarray.tofile`` writes; the last batch zero-padded), and the
  description as ``<root>/generator_spec.txt`` for utils/cpp_infer's generator main;
- the C++ program: ``<result dir>/<model>_bs<B>_<k>_0.bin``, the output of batch k;
- postprocess: reads the outputs back, after checking that the inputs on disk are the ones this
  configuration generates.
"""
import os
import shutil

import numpy as np

from .atomic_file import atomic_write_text, ensure_writable_dir

SPEC_FILE = "generator_spec.txt"
SAME_SETTINGS = "the same sample count, batch size and seed"


def infer_310_folders(output_path):
    """(inputs, outputs) folders of a C++ inference run: <output_path>/infer_310/{preprocess_Result,result_Files}."""
    work = os.path.join(output_path, "infer_310")
    return os.path.join(work, "preprocess_Result"), os.path.join(work, "result_Files")


def write_evaluation_inputs(spec, output_path, count, seed, batch_size):
    """preprocess.py's work: the ``count`` evaluation inputs drawn from ``seed`` as .bin batches in the inputs
    folder of ``infer_310_folders``; prints and returns what it wrote."""
    root, _ = infer_310_folders(output_path)
    names = write_inputs(spec, root, spec.sample(count, seed), batch_size)
    print(f"wrote {len(names)} batches of {batch_size} ({spec.describe_inputs()}) to {root}")
    return names


def batch_names(spec, count, batch_size):
    """Input file names in generation order (sorting keeps it)."""
    return [f"{spec.model.lower()}_bs{batch_size}_{index:05d}.bin" for index in range(-(-count // batch_size))]


def output_name(name, index=0):
    """The C++ program's name for output ``index`` of input file ``name`` (cpp_infer::OutputBinName)."""
    return f"{name[:-len('.bin')]}_{index}.bin"


def write_inputs(spec, root, arrays, batch_size):
    """Write ``arrays`` (one per input, in the description's order) as padded batches under ``root``,
    replacing earlier input folders; returns the file names."""
    ensure_writable_dir(root)
    folders = [os.path.join(root, item.bin_folder) for item in spec.inputs]
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
    names = batch_names(spec, len(arrays[0]), batch_size)
    for name, (batch, _) in zip(names, spec.padded_batches(arrays, batch_size)):
        for folder, array in zip(folders, batch):
            array.tofile(os.path.join(folder, name))
    atomic_write_text(os.path.join(root, SPEC_FILE), spec.to_text())
    return names


class RecordedOutputs:
    """``generate_batch`` for ``GeneratorSpec.generate``: the C++ output of the k-th call's batch, after
    checking that this batch is the one written to ``root``."""

    def __init__(self, spec, root, result_dir, count, batch_size):
        self.spec, self.root, self.result_dir, self.calls = spec, root, result_dir, 0
        self.names = batch_names(spec, count, batch_size)

    @staticmethod
    def _read(path, dtype):
        if not os.path.isfile(path):
            raise ValueError(f"{path!r} does not exist; run preprocess.py and the C++ program first, with "
                             f"{SAME_SETTINGS} as here")
        return np.fromfile(path, dtype)

    def __call__(self, *batch):
        if self.calls >= len(self.names):
            raise ValueError(f"more batches requested than the {len(self.names)} that preprocess.py wrote")
        name = self.names[self.calls]
        self.calls += 1
        for item, values in zip(self.spec.inputs, batch):
            path = os.path.join(self.root, item.bin_folder, name)
            if not np.array_equal(self._read(path, item.dtype), np.ravel(values)):
                raise ValueError(f"{path!r} holds other inputs than this configuration generates; rerun "
                                 f"preprocess.py with {SAME_SETTINGS} as postprocess.py")
        output = self.spec.output
        path = os.path.join(self.result_dir, output_name(name))
        values = self._read(path, output.dtype)
        shape = (len(batch[0]), *output.shape)
        expected = int(np.prod(shape)) * values.itemsize
        if values.nbytes != expected:
            raise ValueError(f"{path!r} holds {values.nbytes} bytes, expected {output.describe(len(batch[0]))} "
                             f"({expected} bytes); run preprocess.py, the C++ program and postprocess.py with "
                             f"{SAME_SETTINGS}")
        return values.reshape(shape)


def read_outputs(spec, root, result_dir, arrays, batch_size):
    """The C++ outputs for ``arrays`` (what ``write_inputs`` wrote), (count, *output shape), padding dropped."""
    outputs = RecordedOutputs(spec, root, result_dir, len(arrays[0]), batch_size)
    return spec.generate(outputs, arrays, batch_size)
