"""The contract suite's entries: what each model gives the shared run-template tests.

A model joins the suite by adding one ``ModelEntry``: how to write its tiny real-format data, its training
entry point, and the flags of a seconds-long run with a checkpoint at every few steps.
"""
import os
import sys
from dataclasses import dataclass, field
from typing import Callable, List

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, os.path.join(ROOT, "tests", "biggan"))
sys.path.insert(0, os.path.join(ROOT, "tests", "dcgan"))


@dataclass
class ModelEntry:
    name: str
    train_py: str
    write_data: Callable[[str], str]            # folder -> data_path
    run_flags: Callable[[str, str], List[str]]  # (data_path, output_path) -> flags of the short run
    total_steps: int                            # steps of the short run
    saves_at: List[int]                         # steps whose checkpoints the short run writes
    diverge_flags: List[str] = field(default_factory=list)  # flags that make the loss non-finite at once


def _cgan_data(folder):
    from conftest import write_mnist_folder
    return write_mnist_folder(folder)


def _cgan_flags(data, out, epochs=3):
    return ["--data_path", data, "--output_path", out, "--epochs", str(epochs), "--batch_size", "8",
            "--validation_size", "40", "--log_interval", "5", "--save_interval", "1", "--seed", "7"]


def _biggan_data(folder):
    from biggan_fixtures import synthetic_batches, write_binary
    return write_binary(folder, synthetic_batches(per_file=8))


def _biggan_flags(data, out):
    from biggan_fixtures import tiny_args
    return tiny_args(data, out, steps=6, save_interval=2, sample_interval=3, seed=3)


def _dcgan_data(folder):
    from dcgan_fixtures import write_image_folder
    return write_image_folder(folder)


def _dcgan_flags(data, out):
    from dcgan_fixtures import tiny_flags
    return tiny_flags(data, out)


ENTRIES = [
    ModelEntry("CGAN", os.path.join(ROOT, "CGAN", "train.py"), _cgan_data, _cgan_flags, total_steps=45,
               saves_at=[15, 30, 45], diverge_flags=["--lr", "1e30", "--log_interval", "1"]),
    ModelEntry("BigGAN", os.path.join(ROOT, "BigGAN", "train.py"), _biggan_data, _biggan_flags, total_steps=6,
               saves_at=[2, 4, 6], diverge_flags=["--ortho_beta=1e39"]),
    ModelEntry("DCGAN", os.path.join(ROOT, "DCGAN", "train.py"), _dcgan_data, _dcgan_flags, total_steps=6,
               saves_at=[2, 4, 6], diverge_flags=["--lr", "1e30"]),
]


def _wgan_data(folder):
    from wgan_fixtures import write_lmdb
    return write_lmdb(os.path.join(folder, "bedroom_train_lmdb"))


def _wgan_flags(data, out):
    from wgan_fixtures import tiny_flags
    return tiny_flags(data, out, epochs=3)  # 6 generator iterations over 3 epochs, resumed across epoch ends


sys.path.insert(0, os.path.join(ROOT, "tests", "wgan"))
ENTRIES.append(ModelEntry("WGAN", os.path.join(ROOT, "WGAN", "train.py"), _wgan_data, _wgan_flags, total_steps=6,
                          saves_at=[2, 4, 6], diverge_flags=["--clamp_lower=-1e38", "--clamp_upper=1e38", "--lr_d",
                                                             "1e30", "--lr_g", "1e30"]))


def _pgan_data(folder):
    from pgan_fixtures import write_celeba_folder
    return write_celeba_folder(os.path.join(folder, "img_align_celeba"))


def _pgan_flags(data, out):
    from pgan_fixtures import tiny_flags
    return tiny_flags(data, out)  # grows 4 → 8 at step 4, resumed mid-scale and across the scale change


sys.path.insert(0, os.path.join(ROOT, "tests", "pgan"))
ENTRIES.append(ModelEntry("PGAN", os.path.join(ROOT, "PGAN", "train.py"), _pgan_data, _pgan_flags, total_steps=6,
                          saves_at=[2, 3, 4, 6], diverge_flags=["--lr", "1e30"]))
