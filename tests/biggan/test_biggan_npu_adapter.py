"""Session configuration per chip: the NPU config is built only through npu_bridge; CPU/GPU otherwise."""
import pytest

from BigGAN.src.npu_adapter import (chip_line, choose_chip, configure_session, host_session_config, npu_session_config,
                                     session_config)


def test_npu_config_hands_the_graph_to_the_npu_optimizer_with_an_explicit_precision():
    from tensorflow.core.protobuf.rewriter_config_pb2 import RewriterConfig
    config = npu_session_config("allow_mix_precision", fusion_switch_file="/cfg/fusion_switch.cfg",
                                profiling_dir="/prof")
    rewrite = config.graph_options.rewrite_options
    (custom,) = rewrite.custom_optimizers
    assert custom.name == "NpuOptimizer"
    assert custom.parameter_map["precision_mode"].s == b"allow_mix_precision"
    assert custom.parameter_map["use_off_line"].b is True
    assert custom.parameter_map["fusion_switch_file"].s == b"/cfg/fusion_switch.cfg"
    assert custom.parameter_map["profiling_mode"].b is True
    assert b'"output": "/prof"' in custom.parameter_map["profiling_options"].s
    assert rewrite.remapping == RewriterConfig.OFF and rewrite.memory_optimization == RewriterConfig.OFF
    with pytest.raises(ValueError, match="precision_mode must be one of"):
        npu_session_config("fp8")


def test_npu_chip_without_the_adapter_is_an_error_not_a_silent_cpu_run():
    try:
        import npu_bridge  # noqa: F401
    except ImportError:
        with pytest.raises(ValueError, match=r"chip 'npu' needs the Ascend TF Adapter \(npu_bridge\)"):
            session_config("npu")
    else:
        pytest.skip("npu_bridge is installed: this is an Ascend host")


def test_host_configs():
    cpu = session_config("cpu", num_threads=2)
    assert cpu.intra_op_parallelism_threads == 2 and cpu.inter_op_parallelism_threads == 1
    assert cpu.device_count["GPU"] == 0 and not cpu.graph_options.rewrite_options.custom_optimizers
    gpu = host_session_config("gpu")
    assert gpu.gpu_options.allow_growth and "GPU" not in gpu.device_count
    with pytest.raises(ValueError, match="chip must be one of"):
        session_config("tpu")


def _ascend_or_gpu_host():
    try:
        import npu_bridge  # noqa: F401
        return True
    except ImportError:
        import tensorflow
        return bool(tensorflow.config.list_physical_devices("GPU"))


def test_auto_chooses_the_cpu_here_and_says_why(capsys):
    if _ascend_or_gpu_host():
        pytest.skip("this host has npu_bridge or a GPU")
    chip, reason = choose_chip("auto")
    assert chip == "cpu"
    assert reason.startswith("auto: npu_bridge does not import (") and reason.endswith("TensorFlow sees no GPU")
    config = session_config("auto", num_threads=1)
    assert capsys.readouterr().out == f"chip: cpu ({reason})\n"
    assert config.device_count["GPU"] == 0 and config.intra_op_parallelism_threads == 1


def test_explicit_chip_wins_over_the_host():
    assert choose_chip("gpu") == ("gpu", "--chip gpu")
    assert choose_chip("npu") == ("npu", "--chip npu")
    assert choose_chip("cpu") == ("cpu", "--chip cpu")
    with pytest.raises(ValueError, match=r"chip must be one of \['auto', 'npu', 'gpu', 'cpu'\], got 'tpu'"):
        choose_chip("tpu")
    assert chip_line("npu", "--chip npu", "force_fp32") == "chip: npu (--chip npu), precision_mode force_fp32"


def test_configure_session_reads_the_run_options_of_the_config():
    from BigGAN.src.config import parse
    cfg = parse([], "test")
    assert cfg.chip == "auto" and cfg.profiling_dir == ""
    config, chip, reason = configure_session(parse(["--chip", "cpu", "--num_threads", "3"], "test"))
    assert (chip, reason) == ("cpu", "--chip cpu") and config.intra_op_parallelism_threads == 3
    # The profiling switch is an Ascend feature: on any other chip it is refused, not ignored.
    with pytest.raises(ValueError, match="profiling_dir needs chip npu .* the chip is cpu"):
        configure_session(parse(["--chip", "cpu", "--profiling_dir", "/tmp/prof"], "test"))
    if not _ascend_or_gpu_host():
        with pytest.raises(ValueError, match=r"chip 'npu' needs the Ascend TF Adapter"):
            configure_session(parse(["--chip", "npu", "--profiling_dir", "/tmp/prof"], "test"))
