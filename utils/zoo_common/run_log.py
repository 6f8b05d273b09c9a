"""A run's text log and machine-readable ``metrics.jsonl``, and the loss-curve plot drawn from them."""
import json
import os

from .atomic_file import atomic_path, atomic_write_text


class RunLog:
    """A run's progress: text lines to stdout and ``log/train_rank_<r>.log`` (every rank), records to
    ``metrics.jsonl`` (rank 0), both flushed per write so a crash keeps what was written.

    ``resume_step``: None starts both files afresh; a step keeps the records up to it (atomically) and
    appends, since the resumed run writes the later steps again.
    """

    def __init__(self, run, resume_step=None):
        self.metrics_path = run.metrics_path
        mode = "w" if resume_step is None else "a"
        self._text = open(run.log_path(), mode, encoding="utf-8")
        self._metrics = None
        if run.rank == 0:
            if resume_step is not None:
                keep_records_until(self.metrics_path, resume_step)
            self._metrics = open(self.metrics_path, mode, encoding="utf-8")

    def line(self, text):
        print(text, flush=True)
        self._text.write(text + "\n")
        self._text.flush()

    def record(self, **values):
        if self._metrics is not None:
            self._metrics.write(json.dumps(values) + "\n")
            self._metrics.flush()

    def close(self):
        self._text.close()
        if self._metrics is not None:
            self._metrics.close()


def read_metrics(path):
    """The records of a ``metrics.jsonl``; a line cut short by a crash is left out."""
    records = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                try:
                    records.append(json.loads(line))
                except ValueError:
                    continue
    return records


def keep_records_until(path, step):
    """Drop the records of steps after ``step`` (a resumed run writes them again)."""
    kept = [r for r in read_metrics(path) if r.get("step", 0) <= step]
    atomic_write_text(path, "".join(json.dumps(r) + "\n" for r in kept))


def plot_loss_curve(metrics_path, png_path, loss_keys, x_key="step", title="Training losses"):
    """Plot the given loss keys of every record that has them against ``x_key``."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    records = [r for r in read_metrics(metrics_path) if x_key in r]
    figure, axes = plt.subplots(figsize=(8, 4.5))
    for key in loss_keys:
        points = [(r[x_key], r[key]) for r in records if key in r]
        if points:
            xs, ys = zip(*points)
            axes.plot(xs, ys, label=key, linewidth=1)
    axes.set_xlabel(x_key)
    axes.set_ylabel("loss")
    axes.set_title(title)
    axes.legend()
    axes.grid(alpha=0.3)
    figure.tight_layout()
    with atomic_path(png_path, suffix=".png") as tmp:
        figure.savefig(tmp, dpi=100, format="png")
    plt.close(figure)
    return png_path
