"""WGAN's generator as eval, export, ONNX Runtime and C++ inference see it.

- ``generator_config.json`` (the reference's file, spec §4.2): one JSON line
  ``{"imageSize": 64, "nz": 100, "nc": 3, "ngf": 64, "n_extra_layers": 0, "noBN": false}`` written once at the
  start of training into the run folder; eval.py, export.py, infer_onnx.py, preprocess.py and postprocess.py
  rebuild G from it (``GeneratorConfig``).
- the generator description (utils/zoo_common/generator_spec.py): input ``noise`` float32 (N, nz, 1, 1),
  standard normal; output ``image`` float32 (N, nc, S, S) NCHW in [-1, 1]. The .bin folder is ``noise``.
"""
import dataclasses
import json

from utils.zoo_common.generator_config import read_json_object, write_generator_config
from utils.zoo_common.generator_config import resolve_generator_config as resolve_config_file
from utils.zoo_common.generator_spec import GeneratorSpec, Input, Output, normal

# JSON key -> attribute, in the reference's order.
_KEYS = {"imageSize": "image_size", "nz": "nz", "nc": "nc", "ngf": "ngf", "n_extra_layers": "n_extra_layers",
         "noBN": "no_bn"}


@dataclasses.dataclass(frozen=True)
class GeneratorConfig:
    image_size: int = 64
    nz: int = 100
    nc: int = 3
    ngf: int = 64
    n_extra_layers: int = 0
    no_bn: bool = False

    @classmethod
    def from_config(cls, config):
        return cls(**{name: getattr(config, name) for name in _KEYS.values()})

    def to_json(self):
        return json.dumps({key: getattr(self, name) for key, name in _KEYS.items()})

    def write(self, folder):
        return write_generator_config(folder, self.to_json())

    @classmethod
    def read(cls, path):
        """The description in ``path``; ValueError naming the file and what was expected."""
        expected = f"a JSON object with keys {', '.join(_KEYS)} (generator_config.json)"
        data = read_json_object(path, _KEYS, expected)
        values = {name: data[key] for key, name in _KEYS.items()}
        for name, value in values.items():
            wanted = bool if name == "no_bn" else int
            if not isinstance(value, wanted) or (wanted is int and (isinstance(value, bool) or value < 0)):
                raise ValueError(f"generator config {path!r}: {name} must be a {'boolean' if wanted is bool else 'non-negative integer'}, got {value!r}")
        return cls(**values)


def resolve_generator_config(config):
    """(GeneratorConfig, where it came from): --generator_config, else the run folder's file, else the config."""
    return resolve_config_file(config, GeneratorConfig)


def generator_spec(description):
    return GeneratorSpec(
        model="WGAN",
        inputs=(Input("noise", "float32", (description.nz, 1, 1), normal()),),
        output=Output("image", (description.nc, description.image_size, description.image_size), "NCHW",
                      (-1.0, 1.0)))
