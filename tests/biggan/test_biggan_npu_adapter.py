"""Session configuration per chip: the NPU config is built only through npu_bridge; CPU/GPU otherwise."""
import pytest

from BigGAN.src.npu_adapter import host_session_config, npu_session_config, session_config


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
