"""Machine-readable training logs (``metrics.jsonl``) and the loss-curve plot drawn from them."""
import json
import os

from .atomic_file import atomic_path, atomic_write_text


class MetricsLog:
    """Append one JSON object per line; flushed per record so a crash keeps what was written."""

    def __init__(self, path, truncate=False):
        self.path = path
        self._handle = open(path, "w" if truncate else "a", encoding="utf-8")

    def write(self, **record):
        self._handle.write(json.dumps(record) + "\n")
        self._handle.flush()

    def close(self):
        self._handle.close()


def read_metrics(path):
    records = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
    return records


def keep_records_until(path, epoch):
    """Drop the records of epochs after ``epoch`` (a resumed run writes them again)."""
    kept = [r for r in read_metrics(path) if r.get("epoch", 0) <= epoch]
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
