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

import numpy as np

from utils.zoo_common.generator_config import read_json_object, write_generator_config
from utils.zoo_common.generator_config import resolve_generator_config as resolve_config_file
from utils.zoo_common.generator_spec import GeneratorSpec, Input, Output, normal

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
        return write_generator_config(folder, self.to_json())

    def scale_index(self, scale):
        if int(scale) not in self.scales:
            raise ValueError(f"scale {scale} is not one of this generator's scales {list(self.scales)}")
        return list(self.scales).index(int(scale))

    @classmethod
    def read(cls, path):
        """The description in ``path``; ValueError naming the file and what was expected."""
        expected = "a JSON object with keys scales, depth (lists of equal length) and latent_dim (generator_config.json)"
        data = read_json_object(path, _KEYS, expected)
        scales, depth, latent = data["scales"], data["depth"], data["latent_dim"]
        lists_ok = all(isinstance(v, list) and v and all(isinstance(x, int) and x > 0 for x in v) for v in (scales, depth))
        if not lists_ok or len(scales) != len(depth) or not isinstance(latent, int) or latent < 1:
            raise ValueError(f"generator config {path!r}: expected {expected}")
        return cls(tuple(scales), tuple(depth), latent)


def resolve_generator_config(config):
    """(GeneratorConfig, where it came from): --generator_config, else the run folder's file, else the config."""
    return resolve_config_file(config, GeneratorConfig)


def constant(value):
    return lambda rng, shape: np.full(shape, value)


def generator_spec(description, scale, alpha=0.0):
    inputs = (Input("noise", "float32", (description.latent_dim,), normal()),)
    if int(scale) > description.scales[0]:
        inputs += (Input("alpha", "float32", (1,), constant(float(alpha))),)
    return GeneratorSpec(model="PGAN", inputs=inputs,
                         output=Output("image", (3, int(scale), int(scale)), "NCHW", (-1.0, 1.0)))
