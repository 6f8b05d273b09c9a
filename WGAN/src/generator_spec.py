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
import os

from utils.zoo_common.atomic_file import atomic_write_text
from utils.zoo_common.generator_spec import GeneratorSpec, Input, Output, normal

FILE_NAME = "generator_config.json"
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
        return atomic_write_text(os.path.join(folder, FILE_NAME), self.to_json() + "\n")

    @classmethod
    def read(cls, path):
        """The description in ``path``; ValueError naming the file and what was expected."""
        expected = f"a JSON object with keys {', '.join(_KEYS)} (generator_config.json)"
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as err:
            raise ValueError(f"generator config {path!r} cannot be read ({err.strerror}); expected {expected}") from None
        except json.JSONDecodeError as err:
            raise ValueError(f"generator config {path!r} is not JSON ({err.msg}); expected {expected}") from None
        if not isinstance(data, dict) or set(data) != set(_KEYS):
            found = sorted(data) if isinstance(data, dict) else type(data).__name__
            raise ValueError(f"generator config {path!r} holds {found}; expected {expected}")
        values = {name: data[key] for key, name in _KEYS.items()}
        for name, value in values.items():
            wanted = bool if name == "no_bn" else int
            if not isinstance(value, wanted) or (wanted is int and (isinstance(value, bool) or value < 0)):
                raise ValueError(f"generator config {path!r}: {name} must be a {'boolean' if wanted is bool else 'non-negative integer'}, got {value!r}")
        return cls(**values)


def _run_folder_candidates(config):
    """Folders that may hold the run's generator_config.json: those above ckpt_path, then output_path."""
    folders = []
    if config.ckpt_path:
        path = os.path.abspath(config.ckpt_path)
        for _ in range(4):  # G.ckpt -> step_x -> ckpt -> run
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


def generator_spec(description):
    return GeneratorSpec(
        model="WGAN",
        inputs=(Input("noise", "float32", (description.nz, 1, 1), normal()),),
        output=Output("image", (description.nc, description.image_size, description.image_size), "NCHW",
                      (-1.0, 1.0)))
