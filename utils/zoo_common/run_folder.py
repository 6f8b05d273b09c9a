"""A training run's folder: one layout for every model, an exclusive lock, and no damage to a previous run.

Layout of ``output_path``: ``config.yaml`` (effective config), ``metrics.jsonl``, ``log/train_rank_<r>.log``,
``ckpt/`` (``step_XXXXXXXX/`` checkpoints, ``latest``), ``images/`` (sample grids), ``loss_curve.png``, and
``eval/``, ``export/``, ``infer_onnx/``, ``infer_310/`` written by the other entry points.
"""
import fcntl
import os
import re

from .atomic_file import ensure_writable_dir

LOCK_NAME = "train.lock"
_TEMP_OF_PID = re.compile(r"^\..*\.tmp-(\d+)|^\.tmp-.*-(\d+)$")


class RunFolder:
    def __init__(self, output_path, rank=0):
        self.root, self.rank = output_path, rank
        self.ckpt_dir = os.path.join(output_path, "ckpt")
        self.images_dir = os.path.join(output_path, "images")
        self.log_dir = os.path.join(output_path, "log")
        self.metrics_path = os.path.join(output_path, "metrics.jsonl")
        self.config_path = os.path.join(output_path, "config.yaml")
        self.loss_curve_path = os.path.join(output_path, "loss_curve.png")
        self._lock = None

    def log_path(self, rank=None):
        return os.path.join(self.log_dir, f"train_rank_{self.rank if rank is None else rank}.log")

    def open_for_training(self, resume):
        """Create the folders; on rank 0 take the run's lock, remove temporary files of dead writers and
        refuse a fresh run (``resume`` false) where a previous run left checkpoints or metrics."""
        for folder in (self.root, self.ckpt_dir, self.images_dir, self.log_dir):
            ensure_writable_dir(folder)
        if self.rank != 0:
            return self
        self._take_lock()
        remove_stale_temp_files(self.root, self.ckpt_dir, self.images_dir)
        if not resume and self.holds_previous_run():
            raise ValueError(f"output_path {self.root!r} holds a previous run (checkpoints or metrics.jsonl); "
                             "pass --resume true to continue it or choose another output_path")
        return self

    def holds_previous_run(self):
        from .checkpoint_folder import CheckpointFolder
        has_metrics = os.path.isfile(self.metrics_path) and os.path.getsize(self.metrics_path) > 0
        return has_metrics or bool(CheckpointFolder(self.ckpt_dir).entries())

    def _take_lock(self):
        path = os.path.join(self.root, LOCK_NAME)
        handle = open(path, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise ValueError(f"output_path {self.root!r} is in use by another training run (PID {holder}); "
                             "wait for it to end or choose another output_path") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._lock = handle

    def close(self):
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temp_files(*folders):
    """Remove the temporary files and folders (``.name.tmp-<pid>…``, ``.tmp-…-<pid>``) of writers that died."""
    import shutil
    removed = []
    for folder in folders:
        if not os.path.isdir(folder):
            continue
        for name in os.listdir(folder):
            match = _TEMP_OF_PID.match(name)
            if not match or _alive(int(match.group(1) or match.group(2))):
                continue
            path = os.path.join(folder, name)
            if os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.remove(path)
            removed.append(path)
    return removed
