"""BigGAN benchmark workload in TensorFlow: the trainer's own graph, session settings and steps (BigGAN/src)."""
import numpy as np

from BigGAN.src import inference_graph, onnx_export
from BigGAN.src.npu_adapter import session_config
from BigGAN.src.tf_compat import tf
from BigGAN.src.train_graph import TrainGraph

from .biggan_setup import benchmark_inputs, biggan_config


def _initialized_session(graph, config, *init_ops):
    with graph.as_default():
        initializer = tf.global_variables_initializer()
    graph.finalize()
    sess = tf.Session(graph=graph, config=config)
    sess.run(initializer)
    for op in init_ops:
        sess.run(op)
    return sess


class TensorFlowBigGAN:
    """One training iteration (``d_steps`` D steps, one G step with its EMA update: the trainer's
    ``sess.run`` calls and fetches) and generator inference with the export's inference graph."""

    def __init__(self, batch_size, threads, base_channel):
        cfg = self.cfg = biggan_config(batch_size=batch_size, base_channel=base_channel, num_threads=threads)
        self.config = session_config(cfg.chip, cfg.num_threads)
        graph = tf.Graph()
        with graph.as_default():
            tf.set_random_seed(0)
            self.ops = TrainGraph(cfg)
        self.sess = _initialized_session(graph, self.config, self.ops.ema_init)
        self.infer_graph = inference_graph.build(cfg)
        self.infer_sess = _initialized_session(self.infer_graph, self.config)
        images, labels, d_z, g_z = self.inputs = benchmark_inputs(cfg)
        ops = self.ops
        self.d_run = ([ops.d_train, ops.d_loss, ops.d_real, ops.d_fake],
                      {ops.real_images: images, ops.real_labels: labels, ops.d_z: d_z})
        self.g_run = ([ops.g_train, ops.g_loss, ops.g_adversarial, ops.g_ortho], {ops.g_z: g_z, ops.g_labels: labels})
        self.infer_feed = {f"{inference_graph.INPUT_Z}:0": g_z,
                           f"{inference_graph.INPUT_Y}:0": labels.reshape(-1, 1)}
        self.infer_output = f"{inference_graph.OUTPUT}:0"

    def iteration(self):
        """(fetches, feed) of the trainer's ``sess.run`` calls in one iteration: D steps, then the G step."""
        return [self.d_run] * self.cfg.d_steps + [self.g_run]

    def train_step(self):
        """One iteration; returns the fetched losses of every step."""
        return [self.sess.run(fetches, feed)[1:] for fetches, feed in self.iteration()]

    def generate(self):
        return self.infer_sess.run(self.infer_output, self.infer_feed)

    def export_generator_onnx(self, path):
        """Freeze the inference generator and convert it with tf2onnx (export.py's route)."""
        onnx_export.convert(inference_graph.freeze(self.infer_sess, self.infer_graph), path, self.cfg.onnx_opset)
        return [self.inputs[3], np.asarray(self.inputs[1]).reshape(-1, 1)]

    def session_threads(self):
        return {"intra_op": self.config.intra_op_parallelism_threads,
                "inter_op": self.config.inter_op_parallelism_threads}
