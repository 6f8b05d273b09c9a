"""Evaluation results on disk: one ``<metric>.json`` per protocol-named metric in the results folder."""
import json
import os

from ..atomic_file import atomic_write_text


def write_result(folder, name, record):
    """Write ``record`` (with ``"metric": name`` first) to ``<folder>/<name>.json`` atomically; returns the path."""
    path = os.path.join(folder, f"{name}.json")
    atomic_write_text(path, json.dumps(dict({"metric": name}, **record), indent=2) + "\n")
    return path
