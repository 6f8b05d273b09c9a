"""Session configuration per chip; the only module that touches the Ascend TF Adapter (``npu_bridge``).

``npu_bridge`` exists only for TF 1.15 on Ascend hosts. It is imported only for chip ``npu`` and,
with chip ``auto``, to find out whether this is an Ascend host; on other chips the session is a plain
CPU/GPU one, so the same graph code runs everywhere. TensorFlow itself (through ``tf_compat``, which must
come before ``npu_bridge``) loads only when a session is configured: parsing a config stays fast.
"""
import json

DEVICES = ("npu", "gpu", "cpu")
CHIPS = ("auto",) + DEVICES
PRECISION_MODES = ("allow_fp32_to_fp16", "force_fp16", "must_keep_origin_dtype", "allow_mix_precision",
                   "force_fp32")


def import_npu_bridge():
    """Load the Ascend TF Adapter (registers the NpuOptimizer and NPU kernels); a clear error if absent."""
    from .tf_compat import tf  # noqa: F401  (TensorFlow's environment is set before npu_bridge loads it)
    try:
        import npu_bridge.npu_init  # noqa: F401  (import registers the adapter)
    except ImportError as err:
        raise ValueError(f"chip 'npu' needs the Ascend TF Adapter (npu_bridge), which does not import "
                         f"here ({err}); install CANN + TF 1.15 adapter or use --chip gpu/cpu") from None


def choose_chip(requested="auto"):
    """(chip, reason): ``auto`` is npu when npu_bridge imports, gpu when TensorFlow sees one, else cpu."""
    if requested != "auto":
        if requested not in DEVICES:
            raise ValueError(f"chip must be one of {list(CHIPS)}, got {requested!r}")
        return requested, f"--chip {requested}"
    from .tf_compat import tf
    try:
        import npu_bridge.npu_init  # noqa: F401  (import registers the adapter)
    except ImportError as err:
        no_npu = f"npu_bridge does not import ({err})"
    else:
        return "npu", "auto: npu_bridge imports"
    gpus = tf.config.experimental.list_physical_devices("GPU")
    if gpus:
        return "gpu", f"auto: {no_npu}; TensorFlow sees {len(gpus)} GPU(s)"
    return "cpu", f"auto: {no_npu}; TensorFlow sees no GPU"


def npu_session_config(precision_mode, fusion_switch_file="", profiling_dir=""):
    """ConfigProto that hands the graph to the NpuOptimizer with an explicit precision mode."""
    if precision_mode not in PRECISION_MODES:
        raise ValueError(f"precision_mode must be one of {list(PRECISION_MODES)}, got {precision_mode!r}")
    from tensorflow.core.protobuf.rewriter_config_pb2 import RewriterConfig
    from .tf_compat import tf
    config = tf.ConfigProto(allow_soft_placement=True)
    custom_op = config.graph_options.rewrite_options.custom_optimizers.add()
    custom_op.name = "NpuOptimizer"
    custom_op.parameter_map["use_off_line"].b = True
    custom_op.parameter_map["precision_mode"].s = tf.compat.as_bytes(precision_mode)
    if fusion_switch_file:
        custom_op.parameter_map["fusion_switch_file"].s = tf.compat.as_bytes(fusion_switch_file)
    if profiling_dir:
        custom_op.parameter_map["profiling_mode"].b = True
        custom_op.parameter_map["profiling_options"].s = tf.compat.as_bytes(
            json.dumps({"output": profiling_dir, "task_trace": "on", "aicpu": "on"}))
    # The TF Adapter requires these two grappler passes off.
    config.graph_options.rewrite_options.remapping = RewriterConfig.OFF
    config.graph_options.rewrite_options.memory_optimization = RewriterConfig.OFF
    return config


def host_session_config(chip, num_threads=0):
    """ConfigProto for CPU or GPU; ``num_threads`` > 0 pins intra-op threads (inter-op then 1).

    Grappler's remapper is off: on the training graph (TF 2.21) it fails ("Mutation::Apply error")
    and is discarded anyway, after logging an error line.
    """
    from tensorflow.core.protobuf.rewriter_config_pb2 import RewriterConfig
    from .tf_compat import tf
    config = tf.ConfigProto(allow_soft_placement=True)
    config.graph_options.rewrite_options.remapping = RewriterConfig.OFF
    if num_threads > 0:
        config.intra_op_parallelism_threads = num_threads
        config.inter_op_parallelism_threads = 1
    if chip == "gpu":
        config.gpu_options.allow_growth = True
    else:
        config.device_count["GPU"] = 0
    return config


def chip_line(chip, reason, precision_mode):
    """The log line naming the chosen device."""
    return f"chip: {chip} ({reason})" + (f", precision_mode {precision_mode}" if chip == "npu" else "")


def session_config(chip, num_threads=0, precision_mode="allow_fp32_to_fp16", fusion_switch_file="",
                   profiling_dir=""):
    """ConfigProto for ``chip``; ``auto`` is resolved by ``choose_chip`` and the choice printed."""
    if chip == "auto":
        chip, reason = choose_chip(chip)
        print(chip_line(chip, reason, precision_mode), flush=True)
    if chip not in DEVICES:
        raise ValueError(f"chip must be one of {list(CHIPS)}, got {chip!r}")
    if profiling_dir and chip != "npu":
        raise ValueError(f"profiling_dir needs chip npu (Ascend profiling), the chip is {chip}; "
                         "on CPU use python -m utils.bench.op_profile")
    if chip == "npu":
        import_npu_bridge()
        return npu_session_config(precision_mode, fusion_switch_file, profiling_dir)
    return host_session_config(chip, num_threads)


def configure_session(cfg):
    """(ConfigProto, chip, reason) from the run options of a config (chip, threads, NPU options)."""
    chip, reason = choose_chip(cfg.chip)
    config = session_config(chip, cfg.num_threads, cfg.precision_mode, cfg.fusion_switch_file, cfg.profiling_dir)
    return config, chip, reason
