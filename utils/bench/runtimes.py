"""What the benchmark runs: the models, and the MindSpore configurations it compares.

Everything is named by module path so the parent process imports no framework: each runtime is loaded
inside its own worker process, after the worker's environment (oneDNN ISA, thread counts) is in place.
"""
from dataclasses import dataclass

# model -> runtime kind -> "module:class" of its workload; a workload has train_step() and generate(),
# and the MindSpore one also export_generator_onnx(path) -> example inputs.
MODELS = {
    "CGAN": {
        "mindspore": "utils.bench.ms_cgan:MindSporeCGAN",
        "torch": "utils.bench.torch_cgan:TorchCGAN",
    },
}


@dataclass(frozen=True)
class MindSporeConfig:
    """One way of running the MindSpore workload.

    isa: value of ONEDNN_MAX_CPU_ISA (None: unset, oneDNN picks the best ISA of the CPU).
    fast_path: apply utils.zoo_common.ms_fast_layers.apply_cpu_fast_path to G and D.
    pin_threads: set MindSpore's CPU kernel thread count to the benchmark's thread count
                 (False: MindSpore's own default pool size).
    """
    isa: object
    fast_path: bool
    pin_threads: bool = True


MINDSPORE_CONFIGS = {
    "ms-native": MindSporeConfig(isa=None, fast_path=False),
    "ms-native-avx2": MindSporeConfig(isa="AVX2", fast_path=False),
    "ms-fast": MindSporeConfig(isa=None, fast_path=True),
    "ms-fast-avx2": MindSporeConfig(isa="AVX2", fast_path=True),
    "ms-fast-default-threads": MindSporeConfig(isa=None, fast_path=True, pin_threads=False),
}
# ms-native is 50-100x slower than the others at batch 128 (DESIGN §8): measured only on request.
DEFAULT_MINDSPORE_CONFIGS = ("ms-native-avx2", "ms-fast", "ms-fast-avx2")

# Runtimes of the exported generator (ONNX file written by the first MindSpore configuration).
EXPORTED_RUNTIMES = ("onnxruntime", "openvino")
