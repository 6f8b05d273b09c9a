"""What the benchmark runs: the models, the framework each is written in, and the MindSpore configurations.

Everything is named by module path so the parent process imports no framework: each runtime is loaded
inside its own worker process, after the worker's environment (oneDNN ISA, thread counts) is in place.
"""
from dataclasses import dataclass, field

from .biggan_setup import biggan_config


@dataclass(frozen=True)
class Model:
    """A zoo model, the framework it is written in, and its PyTorch twin.

    framework: "mindspore" (one worker per MindSpore configuration, --configs) or "tensorflow" (one
               worker, TENSORFLOW_ENVIRONMENT).
    workload: "module:class" in that framework: train_step(), generate(), export_generator_onnx(path)
              -> example inputs of the exported generator.
    twin: "module:class" of the PyTorch twin: train_step(), generate().
    batch: default batch size.
    options: default keyword arguments of both workloads (the model's own settings, e.g. its width).
    """
    framework: str
    workload: str
    twin: str
    batch: int
    options: dict = field(default_factory=dict)


_BIGGAN_DEFAULTS = biggan_config()  # BigGAN/default_config.yaml: training batch 64, base_channel 96

MODELS = {
    "CGAN": Model("mindspore", "utils.bench.ms_cgan:MindSporeCGAN", "utils.bench.torch_cgan:TorchCGAN",
                  batch=128),
    "BigGAN": Model("tensorflow", "utils.bench.tf_biggan:TensorFlowBigGAN",
                    "utils.bench.torch_biggan:TorchBigGAN", batch=_BIGGAN_DEFAULTS.batch_size,
                    options={"base_channel": _BIGGAN_DEFAULTS.base_channel}),
    "DCGAN": Model("mindspore", "utils.bench.ms_dcgan:MindSporeDCGAN", "utils.bench.torch_dcgan:TorchDCGAN",
                   batch=128),  # DCGAN/default_config.yaml: batch 128, ngf = ndf = 64
    # WGAN: one generator iteration (5 critic steps, then the G step) and, as its own row, one critic step
    "WGAN": Model("mindspore", "utils.bench.ms_wgan:MindSporeWGAN", "utils.bench.torch_wgan:TorchWGAN", batch=64,
                  options={"step": "generator_iteration"}),
    "WGAN-critic": Model("mindspore", "utils.bench.ms_wgan:MindSporeWGAN", "utils.bench.torch_wgan:TorchWGAN",
                         batch=64, options={"step": "critic_step"}),
    # PGAN: one iteration (D step with gradient penalty, G step, EMA) mid-fade at scales 32 and 128, batch 16
    # (PGAN/default_config.yaml: batch_size 16, depths 512 … 128, latent 512)
    "PGAN-32": Model("mindspore", "utils.bench.ms_pgan:MindSporePGAN", "utils.bench.torch_pgan:TorchPGAN",
                     batch=16, options={"scale": 32}),
    "PGAN-128": Model("mindspore", "utils.bench.ms_pgan:MindSporePGAN", "utils.bench.torch_pgan:TorchPGAN",
                      batch=16, options={"scale": 128}),
}

# Environment of the TensorFlow worker, in place before TensorFlow is imported: oneDNN kernels (TF's
# default on x86 Linux, made explicit) and no C++ info logs.
TENSORFLOW_ENVIRONMENT = {"TF_ENABLE_ONEDNN_OPTS": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}


@dataclass(frozen=True)
class MindSporeConfig:
    """One way of running the MindSpore workload.

    isa: value of ONEDNN_MAX_CPU_ISA (None: unset, oneDNN picks the best ISA of the CPU).
    fast_path: apply utils.zoo_common.ms_fast_layers.apply_cpu_fast_path to G and D.
    kernels: its ``kernels`` argument (None: the compiled-kernel cells where they build; False: the
             MatMul-based convolutions, GroupNorm native).
    pin_threads: set MindSpore's CPU kernel thread count to the benchmark's thread count
                 (False: MindSpore's own default pool size).
    """
    isa: object
    fast_path: bool
    kernels: object = None
    pin_threads: bool = True


MINDSPORE_CONFIGS = {
    "ms-native": MindSporeConfig(isa=None, fast_path=False),
    "ms-native-avx2": MindSporeConfig(isa="AVX2", fast_path=False),
    "ms-fast": MindSporeConfig(isa=None, fast_path=True),
    "ms-fast-matmul": MindSporeConfig(isa=None, fast_path=True, kernels=False),
    "ms-fast-avx2": MindSporeConfig(isa="AVX2", fast_path=True),
    "ms-fast-default-threads": MindSporeConfig(isa=None, fast_path=True, pin_threads=False),
}
# ms-native is 50-100x slower than the others at batch 128 (DESIGN §8): measured only on request.
DEFAULT_MINDSPORE_CONFIGS = ("ms-native-avx2", "ms-fast", "ms-fast-matmul")

# Runtimes of the exported generator (ONNX file written by the model's first framework runtime).
EXPORTED_RUNTIMES = ("onnxruntime", "openvino")
