"""A run's ``generator_config.json``: the generator's network description, written once at the start of
training into the run folder and read by eval, export, ONNX and C++ inference (WGAN, PGAN). Each model's
``GeneratorConfig`` says what the file holds; finding and parsing it is here."""
import json
import os

from .atomic_file import atomic_write_text

FILE_NAME = "generator_config.json"


def write_generator_config(folder, text):
    return atomic_write_text(os.path.join(folder, FILE_NAME), text + "\n")


def read_json_object(path, keys, expected):
    """The JSON object in ``path`` with exactly ``keys``; ValueError naming the file and ``expected``."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as err:
        raise ValueError(f"generator config {path!r} cannot be read ({err.strerror}); expected {expected}") from None
    except json.JSONDecodeError as err:
        raise ValueError(f"generator config {path!r} is not JSON ({err.msg}); expected {expected}") from None
    if not isinstance(data, dict) or set(data) != set(keys):
        found = sorted(data) if isinstance(data, dict) else type(data).__name__
        raise ValueError(f"generator config {path!r} holds {found}; expected {expected}")
    return data


def _run_folder_candidates(config):
    """Folders that may hold the run's file: up to four above ckpt_path (G.ckpt -> step_x -> ckpt -> run, or
    AvG_i.ckpt -> <scale> -> <ckpt_save_dir> -> run), then output_path."""
    folders = []
    if config.ckpt_path:
        path = os.path.abspath(config.ckpt_path)
        for _ in range(4):
            folders.append(path if os.path.isdir(path) else os.path.dirname(path))
            path = os.path.dirname(path)
    folders.append(config.output_path)
    return folders


def resolve_generator_config(config, description_class):
    """(description, where it came from): ``--generator_config``, else the run folder's file, else the network
    keys of ``config`` (``description_class.read(path)`` / ``.from_config(config)``)."""
    if config.generator_config:
        return description_class.read(config.generator_config), config.generator_config
    for folder in _run_folder_candidates(config):
        path = os.path.join(folder, FILE_NAME)
        if os.path.isfile(path):
            return description_class.read(path), path
    return description_class.from_config(config), "the network keys of the configuration"
