"""``.bin`` files exchanged with the C++ / Ascend 310 program (utils/zoo_common/bin_io.py).

``<infer_dir>/z/biggan_bs<B>_<k>.bin``  float32 [B, z_dim]
``<infer_dir>/y/biggan_bs<B>_<k>.bin``  int32   [B, 1]      (the graph's dtype; the reference wrote int64)
``<infer_dir>/generator_spec.txt``      the generator description the C++ program reads
``<infer_dir>/result/biggan_bs<B>_<k>_0.bin``  float32 [B, res, res, 3] NHWC in [-1, 1], from the C++ program
The inputs are eval.py's evaluation inputs (eval_seed, truncation); the last batch is zero-padded.
"""
import os

from utils.zoo_common import bin_io

from .generator_spec import generator_spec

RESULT_FOLDER = "result"


def write_inputs(cfg):
    """Write ``infer_count`` (z, y) pairs in batches of ``infer_batch``; returns the file names."""
    spec = generator_spec(cfg)
    return bin_io.write_inputs(spec, cfg.infer_dir, spec.sample(cfg.infer_count, cfg.eval_seed), cfg.infer_batch)


def read_results(cfg):
    """The generated images float32 [infer_count, res, res, 3], padding dropped."""
    spec = generator_spec(cfg)
    return bin_io.read_outputs(spec, cfg.infer_dir, os.path.join(cfg.infer_dir, RESULT_FOLDER),
                               spec.sample(cfg.infer_count, cfg.eval_seed), cfg.infer_batch)
