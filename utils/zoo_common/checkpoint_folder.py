"""A run's checkpoint folder: one ``step_XXXXXXXX/`` folder per checkpoint, written atomically.

A checkpoint is written into ``.tmp-step_XXXXXXXX-<pid>/`` and renamed into place, so a crash never leaves a
partial checkpoint under a step name. ``latest`` (and ``best``, where a model reports a metric) are small
pointer files replaced atomically. Retention keeps the newest ``keep_max`` checkpoints and never deletes
the ones ``latest`` or ``best`` point to. What goes inside a checkpoint is the model's business.
"""
import json
import os
import re
import shutil

from .atomic_file import atomic_write_text

LATEST, BEST = "latest", "best"
_ENTRY = re.compile(r"^step_(\d{8})$")


def entry_name(step):
    return f"step_{step:08d}"


def _fsync_tree(folder):
    for parent, _, files in os.walk(folder):
        for name in files:
            with open(os.path.join(parent, name), "rb") as handle:
                os.fsync(handle.fileno())


class CheckpointFolder:
    def __init__(self, path, keep_max=0, higher_is_better=True):
        self.path, self.keep_max, self.higher_is_better = path, keep_max, higher_is_better

    def entries(self):
        """[(step, folder)] of the complete checkpoints, oldest first."""
        if not os.path.isdir(self.path):
            return []
        found = [(int(m.group(1)), os.path.join(self.path, name))
                 for name in os.listdir(self.path) for m in [_ENTRY.match(name)] if m]
        return sorted(found)

    def _pointer(self, name):
        try:
            with open(os.path.join(self.path, name), encoding="utf-8") as handle:
                target = handle.readline().strip()
        except OSError:
            return None
        folder = os.path.join(self.path, target)
        return folder if _ENTRY.match(target) and os.path.isdir(folder) else None

    def latest(self):
        """The newest complete checkpoint folder, or None (a missing or dangling pointer is ignored)."""
        entries = self.entries()
        return self._pointer(LATEST) or (entries[-1][1] if entries else None)

    def best(self):
        return self._pointer(BEST)

    def save(self, step, write, metric=None):
        """Call ``write(folder)`` on a temporary folder, then publish it as ``step_XXXXXXXX``.

        ``metric`` (optional) is recorded in the folder's ``metric.json`` and moves ``best`` when it improves.
        Returns the checkpoint folder."""
        os.makedirs(self.path, exist_ok=True)
        final = os.path.join(self.path, entry_name(step))
        tmp = os.path.join(self.path, f".tmp-{entry_name(step)}-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        try:
            write(tmp)
            if metric is not None:
                with open(os.path.join(tmp, "metric.json"), "w", encoding="utf-8") as handle:
                    json.dump({"step": step, "value": float(metric)}, handle)
            _fsync_tree(tmp)
            if os.path.exists(final):
                retired = os.path.join(self.path, f".tmp-old-{entry_name(step)}-{os.getpid()}")
                os.replace(final, retired)
                shutil.rmtree(retired)
            os.replace(tmp, final)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        atomic_write_text(os.path.join(self.path, LATEST), entry_name(step) + "\n")
        if metric is not None and self._improves(metric):
            atomic_write_text(os.path.join(self.path, BEST), entry_name(step) + "\n")
        self.prune()
        return final

    def _improves(self, metric):
        best = self.best()
        if best is None or not os.path.isfile(os.path.join(best, "metric.json")):
            return True
        with open(os.path.join(best, "metric.json"), encoding="utf-8") as handle:
            previous = json.load(handle)["value"]
        return metric > previous if self.higher_is_better else metric < previous

    def prune(self):
        """Delete checkpoints beyond the newest ``keep_max`` (0 keeps all), sparing ``latest`` and ``best``."""
        if self.keep_max <= 0:
            return
        keep = {self.latest(), self.best()}
        for _, folder in self.entries()[:-self.keep_max]:
            if folder not in keep:
                shutil.rmtree(folder)


def find_checkpoint_file(path, file_name, what="checkpoint"):
    """``path`` itself if it is a file; otherwise ``file_name`` inside the checkpoint folder ``path``, or in
    the newest checkpoint of a ``ckpt/`` folder or of a run's output folder."""
    if os.path.isfile(path):
        return path
    if not os.path.exists(path):
        raise ValueError(f"{what} {path!r} does not exist")
    for candidate in (path, os.path.join(path, "ckpt")):
        if os.path.isfile(os.path.join(candidate, file_name)):
            return os.path.join(candidate, file_name)
        newest = CheckpointFolder(candidate).latest()
        if newest and os.path.isfile(os.path.join(newest, file_name)):
            return os.path.join(newest, file_name)
    raise ValueError(f"no {what} at {path!r}: expected a {file_name} file, a step_XXXXXXXX checkpoint folder, "
                     "a ckpt/ folder or a run's output_path")
