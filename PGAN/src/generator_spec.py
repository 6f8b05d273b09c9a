"""PGAN's generator as eval, export, ONNX Runtime and C++ inference see it.

- ``generator_config.json``: one JSON line ``{"scales": [...], "depth": [...], "latent_dim": 512}`` written at the
  start of training into the run folder; eval.py, export.py, infer_onnx.py, preprocess.py and postprocess.py
  rebuild the averaged generator at any of its scales from it (``GeneratorConfig``, spec §9.17).
- the generator description (utils/zoo_common/generator_spec.py) at scale s: input ``noise`` float32
  (N, latent_dim), standard normal, and for s > 4 input ``alpha`` float32 (N, 1), the fade-in weight of the
  previous scale's path (``eval_alpha``, 0 by default: the new layers only); output ``image`` float32
  (N, 3, s, s) NCHW, read in [-1, 1] (G's output is unbounded; every consumer clips). The 4×4 generator has
  no fade path, so it is exported with ``noise`` alone (model.NoiseOnly).
"""
import dataclasses
import json
import os

import numpy as np

from utils.zoo_common.atomic_file import atomic_write_text
from utils.zoo_common.generator_spec import GeneratorSpec, Input, Output, normal

FILE_NAME = "generator_config.json"
_KEYS = ("scales", "depth", "latent_dim")


@dataclasses.dataclass(frozen=True)
class GeneratorConfig:
    scales: tuple = (4, 8, 16, 32, 64, 128)
    depth: tuple = (512, 512, 512, 512, 256, 128)
    latent_dim: int = 512

    @classmethod
    def from_config(cls, config):
        return cls(tuple(config.scales), tuple(config.depth), config.latent_dim)

    def to_json(self):
        return json.dumps({"scales": list(self.scales), "depth": list(self.depth), "latent_dim": self.latent_dim})

    def write(self, folder):
        return atomic_write_text(os.path.join(folder, FILE_NAME), self.to_json() + "\n")

    def scale_index(self, scale):
        if int(scale) not in self.scales:
            raise ValueError(f"scale {scale} is not one of this generator's scales {list(self.scales)}")
        return list(self.scales).index(int(scale))

    @classmethod
    def read(cls, path):
        """The description in ``path``; ValueError naming the file and what was expected."""
        expected = "a JSON object with keys scales, depth (lists of equal length) and latent_dim (generator_config.json)"
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as err:
            raise ValueError(f"generator config {path!r} cannot be read ({err.strerror}); expected {expected}") from None
        except json.JSONDecodeError as err:
            raise ValueError(f"generator config {path!r} is not JSON ({err.msg}); expected {expected}") from None
        if not isinstance(data, dict) or set(data) != set(_KEYS):
            raise ValueError(f"generator config {path!r} holds {sorted(data) if isinstance(data, dict) else data!r}; "
                             f"expected {expected}")
        scales, depth, latent = data["scales"], data["depth"], data["latent_dim"]
        lists_ok = all(isinstance(v, list) and v and all(isinstance(x, int) and x > 0 for x in v) for v in (scales, depth))
        if not lists_ok or len(scales) != len(depth) or not isinstance(latent, int) or latent < 1:
            raise ValueError(f"generator config {path!r}: expected {expected}")
        return cls(tuple(scales), tuple(depth), latent)


def _run_folder_candidates(config):
    """Folders that may hold the run's generator_config.json: those above ckpt_path, then output_path."""
    folders = []
    if config.ckpt_path:
        path = os.path.abspath(config.ckpt_path)
        for _ in range(4):  # AvG.ckpt -> step_x -> ckpt -> run, or AvG_i.ckpt -> <scale> -> checkpoint -> run
            folders.append(path if os.path.isdir(path) else os.path.dirname(path))
            path = os.path.dirname(path)
    folders.append(config.output_path)
    return folders


def resolve_generator_config(config):
    """(GeneratorConfig, where it came from): --generator_config, else the run folder's file, else the config."""
    if config.generator_config:
        return GeneratorConfig.read(config.generator_config), config.generator_config
    for folder in _run_folder_candidates(config):
        path = os.path.join(folder, FILE_NAME)
        if os.path.isfile(path):
            return GeneratorConfig.read(path), path
    return GeneratorConfig.from_config(config), "the network keys of the configuration"


def constant(value):
    return lambda rng, shape: np.full(shape, value)


def generator_spec(description, scale, alpha=0.0):
    inputs = (Input("noise", "float32", (description.latent_dim,), normal()),)
    if int(scale) > description.scales[0]:
        inputs += (Input("alpha", "float32", (1,), constant(float(alpha))),)
    return GeneratorSpec(model="PGAN", inputs=inputs,
                         output=Output("image", (3, int(scale), int(scale)), "NCHW", (-1.0, 1.0)))
