"""``.bin`` files exchanged with the C++ / Ascend 310 program (utils/cpp_infer conventions).

``<infer_dir>/z/biggan_bs<B>_<k>.bin``  float32 [B, z_dim]  (raw, row-major)
``<infer_dir>/y/biggan_bs<B>_<k>.bin``  int32   [B, 1]      (the graph's dtype; the reference wrote int64)
``<infer_dir>/result/biggan_bs<B>_<k>_0.bin``  float32 [B, res, res, 3] NHWC in [-1, 1], from the C++ program
The inputs are eval.py's evaluation inputs (eval_seed, truncation); the last batch is zero-padded.
"""
import os
import shutil

import numpy as np

from .evaluate import evaluation_inputs

Z_FOLDER, Y_FOLDER, RESULT_FOLDER = "z", "y", "result"


def batch_names(count, batch):
    return [f"biggan_bs{batch}_{index:05d}.bin" for index in range(-(-count // batch))]


def write_inputs(cfg):
    """Write ``infer_count`` (z, y) pairs in batches of ``infer_batch``; returns the number of files."""
    if cfg.infer_count < 1 or cfg.infer_batch < 1:
        raise ValueError(f"infer_count and infer_batch must be positive, got {cfg.infer_count}, {cfg.infer_batch}")
    z, labels = evaluation_inputs(cfg, cfg.infer_count)
    pad = -len(z) % cfg.infer_batch
    z = np.concatenate([z, np.zeros((pad, cfg.z_dim), np.float32)])
    labels = np.concatenate([labels, np.zeros(pad, np.int32)]).astype(np.int32).reshape(-1, 1)
    folders = [os.path.join(cfg.infer_dir, name) for name in (Z_FOLDER, Y_FOLDER)]
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
    names = batch_names(cfg.infer_count, cfg.infer_batch)
    for index, name in enumerate(names):
        rows = slice(index * cfg.infer_batch, (index + 1) * cfg.infer_batch)
        z[rows].tofile(os.path.join(folders[0], name))
        labels[rows].tofile(os.path.join(folders[1], name))
    return names


def read_results(cfg):
    """The generated images float32 [infer_count, res, res, 3], padding dropped."""
    folder = os.path.join(cfg.infer_dir, RESULT_FOLDER)
    image_floats = cfg.resolution * cfg.resolution * 3
    images = []
    for name in batch_names(cfg.infer_count, cfg.infer_batch):
        path = os.path.join(folder, name[:-len(".bin")] + "_0.bin")
        if not os.path.isfile(path):
            raise FileNotFoundError(f"C++ inference result {path!r} is missing (expected one per input batch)")
        data = np.fromfile(path, np.float32)
        if data.size != cfg.infer_batch * image_floats:
            raise ValueError(f"{path}: {data.size * 4} bytes, expected float32 [{cfg.infer_batch}, {cfg.resolution}, "
                             f"{cfg.resolution}, 3] ({cfg.infer_batch * image_floats * 4} bytes); check infer_batch "
                             "and resolution")
        images.append(data.reshape(cfg.infer_batch, cfg.resolution, cfg.resolution, 3))
    return np.concatenate(images)[:cfg.infer_count]
