"""Progress lines to stdout and ``train.log``; scalars to ``metrics.jsonl`` and TensorBoard."""
import json
import os

from utils.zoo_common.run_log import MetricsLog, read_metrics

from .tf_compat import tf


class RunLogger:
    def __init__(self, output_path, graph=None, resume_step=None):
        metrics_path = os.path.join(output_path, "metrics.jsonl")
        if resume_step is not None:
            _drop_records_after(metrics_path, resume_step)
        self.metrics = MetricsLog(metrics_path, truncate=resume_step is None)
        self.text = open(os.path.join(output_path, "train.log"), "a" if resume_step is not None else "w",
                         encoding="utf-8")
        self.tensorboard = tf.summary.FileWriter(os.path.join(output_path, "tensorboard"), graph)

    def line(self, text):
        print(text, flush=True)
        self.text.write(text + "\n")
        self.text.flush()

    def scalars(self, step, **values):
        self.metrics.write(step=step, **values)
        summary = tf.Summary(value=[tf.Summary.Value(tag=k, simple_value=float(v))
                                    for k, v in values.items() if isinstance(v, (int, float))])
        self.tensorboard.add_summary(summary, step)
        self.tensorboard.flush()

    def close(self):
        self.metrics.close()
        self.text.close()
        self.tensorboard.close()


def _drop_records_after(path, step):
    """On resume, forget records of steps the resumed run will redo."""
    kept = [r for r in read_metrics(path) if r.get("step", 0) <= step]
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in kept)
