"""Export of the (EMA) generator: frozen ``.pb`` and ONNX, each checked against the checkpoint's TF output."""
import os

import numpy as np

from utils.zoo_common.atomic_file import atomic_write_bytes, ensure_writable_dir
from utils.zoo_common.onnx_session import OnnxGenerator

from . import checkpoint, inference_graph, onnx_export
from .generator_spec import generator_spec
from .npu_adapter import host_session_config
from .tf_compat import tf

PARITY_TOLERANCE = 1e-5
PARITY_BATCH = 4


def resolve_checkpoint(cfg):
    if not cfg.ckpt_path:
        raise ValueError("ckpt_path is required: a step_XXXXXXXX checkpoint folder, a ckpt/ folder or a run folder")
    folder = checkpoint.resolve(cfg.ckpt_path)
    return folder, checkpoint.with_model_of(cfg, folder)


def _check(name, reference, candidate):
    diff = float(np.abs(reference - candidate).max())
    if not diff <= PARITY_TOLERANCE:
        raise ValueError(f"{name} output differs from TensorFlow by {diff:.3g} (tolerance {PARITY_TOLERANCE})")
    return diff


def export_generator(cfg):
    """Write ``<export_dir>/<file_name>.pb`` and/or ``.onnx``; returns {path/diff entries}."""
    folder, cfg = resolve_checkpoint(cfg)
    ensure_writable_dir(cfg.export_dir, "export directory")
    config = host_session_config("cpu", cfg.num_threads)
    sess, graph = inference_graph.restored_session(cfg, folder, cfg.ema, config)
    spec = generator_spec(cfg)
    z, y = spec.sample(PARITY_BATCH, cfg.eval_seed)
    with sess:
        reference = sess.run(graph.get_tensor_by_name("output:0"), {"z:0": z, "y:0": y})
        frozen = inference_graph.freeze(sess, graph)
    report = {"checkpoint": folder, "ema": cfg.ema}
    base = os.path.join(cfg.export_dir, cfg.file_name)
    if cfg.file_format in ("PB", "ALL"):
        report["pb"] = base + ".pb"
        atomic_write_bytes(report["pb"], frozen.SerializeToString())
        frozen_graph, z_in, y_in, output = inference_graph.load_frozen(report["pb"])
        with tf.Session(graph=frozen_graph, config=config) as frozen_sess:
            report["pb_max_abs_diff"] = _check("frozen .pb", reference, frozen_sess.run(output, {z_in: z, y_in: y}))
    if cfg.file_format in ("ONNX", "ALL"):
        report["onnx"] = onnx_export.convert(frozen, base + ".onnx", cfg.onnx_opset)
        outputs = OnnxGenerator(report["onnx"], spec, use_cuda=cfg.chip == "gpu")(z, y)
        report["onnx_max_abs_diff"] = _check("ONNX Runtime", reference, outputs)
    return report
