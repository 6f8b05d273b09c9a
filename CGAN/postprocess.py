"""Evaluate the C++ generator outputs (scripts/run_infer_310.sh) exactly as eval.py evaluates MindSpore's.

Reads <output_path>/infer_310/result_Files/cgan_bs<B>_<k>_0.bin (images float32 (B,1,32,32)) for the
batches written by preprocess.py and writes <output_path>/infer_310/<metric>.json and samples.png.
Run it with the same --num_samples, --eval_batch_size and --eval_seed as preprocess.py.
"""
import os

import numpy as np

from preprocess import LABEL_FOLDER, NOISE_FOLDER, batch_names, work_dir
from src.config import get_config
from utils.zoo_common.entry import run_main

IMAGE_SHAPE = (1, 32, 32)


class CppGeneratorOutputs:
    """``generate_batch`` for src.evaluate: returns the C++ output of the k-th call's batch after checking
    that the batch is the one preprocess.py wrote."""

    def __init__(self, folder, names):
        self.folder, self.names, self.calls = folder, names, 0

    def _read(self, *parts, dtype):
        path = os.path.join(self.folder, *parts)
        if not os.path.isfile(path):
            raise ValueError(f"{path!r} does not exist; run preprocess.py and the C++ program first "
                             f"(with the same --num_samples and --eval_batch_size)")
        return np.fromfile(path, dtype)

    def __call__(self, noise, labels):
        if self.calls >= len(self.names):
            raise ValueError(f"more batches requested than the {len(self.names)} that preprocess.py wrote")
        name = self.names[self.calls]
        self.calls += 1
        written_noise = self._read("preprocess_Result", NOISE_FOLDER, name, dtype=np.float32)
        written_labels = self._read("preprocess_Result", LABEL_FOLDER, name, dtype=np.int32)
        if not (np.array_equal(written_noise, noise.ravel()) and np.array_equal(written_labels, labels)):
            raise ValueError(f"preprocess_Result/{name} holds other inputs than this configuration generates; "
                             f"rerun preprocess.py with the same --num_samples, --eval_batch_size and --eval_seed")
        images = self._read("result_Files", name[:-len(".bin")] + "_0.bin", dtype=np.float32)
        expected = len(labels) * int(np.prod(IMAGE_SHAPE))
        if images.size != expected:
            raise ValueError(f"result_Files/{name[:-4]}_0.bin holds {images.size} floats, expected {expected} "
                             f"(images float32 ({len(labels)},1,32,32))")
        return images.reshape((len(labels),) + IMAGE_SHAPE)


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from src.evaluate import run_evaluation

    folder = work_dir(config)
    outputs = CppGeneratorOutputs(folder, batch_names(config.num_samples, config.eval_batch_size))
    run_evaluation(outputs, config.eval_batch_size, config, folder,
                   source=f"cpp_infer:{os.path.join(folder, 'result_Files')}")


if __name__ == "__main__":
    run_main(main)
