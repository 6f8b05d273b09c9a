"""Write files so that a crash never leaves a truncated file where a good one was."""
import contextlib
import os


def temp_path_for(path, suffix=""):
    """A temporary name in the destination's folder (so the final rename stays on one filesystem)."""
    folder, name = os.path.split(os.path.abspath(path))
    return os.path.join(folder, f".{name}.tmp-{os.getpid()}{suffix}")


@contextlib.contextmanager
def atomic_path(path, suffix=""):
    """Yield a temporary path to write to; on success it replaces ``path``, on failure it is removed."""
    tmp = temp_path_for(path, suffix)
    try:
        yield tmp
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def atomic_write_bytes(path, data):
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)


def atomic_write_text(path, text):
    atomic_write_bytes(path, text.encode("utf-8"))


def ensure_writable_dir(path, what="output directory"):
    """Create ``path`` if needed and check that files can be written there; raise ValueError otherwise."""
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as err:
        raise ValueError(f"{what} {path!r} cannot be created: {err.strerror}") from None
    if not os.path.isdir(path):
        raise ValueError(f"{what} {path!r} is not a directory")
    if not os.access(path, os.W_OK | os.X_OK):
        raise ValueError(f"{what} {path!r} is not writable")
    return path
