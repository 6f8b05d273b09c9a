"""The compiled CPU kernels of ``cpu_kernels/`` as MindSpore custom ("aot") operators (DESIGN §8).

``kernel_library()`` compiles ``cpu_kernels/*.cc`` once per source and compiler input (g++, the oneDNN
headers fetched by ``make env`` into ``third_party/onednn-include``, the oneDNN library MindSpore ships)
into ``build/cpu_kernels/`` and returns the library path, or raises ``KernelsUnavailable`` with the reason
in one line. ``convolution_op``, ``transposed_convolution_op``, ``group_norm_op``, ``batch_norm_op`` and
``leaky_relu_op`` return operators with their gradients registered.

Environment: ``ZOO_ONEDNN_INCLUDE`` (headers folder), ``ZOO_KERNEL_BUILD_DIR`` (output folder),
``ZOO_CPU_KERNEL_THREADS`` (kernel threads, default: the CPUs this process may run on).
"""
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import mindspore as ms
from mindspore import ops

_REPO_ROOT = Path(__file__).resolve().parents[2]
_SOURCE_DIR = Path(__file__).resolve().parent / "cpu_kernels"
_FLAGS = ["-std=c++17", "-O3", "-fopenmp-simd", "-shared", "-fPIC", "-pthread"]


class KernelsUnavailable(RuntimeError):
    """The CPU kernels cannot be built here (missing compiler or headers, or a failed compile)."""


def _include_dir():
    return Path(os.environ.get("ZOO_ONEDNN_INCLUDE", _REPO_ROOT / "third_party" / "onednn-include"))


def _build_dir():
    return Path(os.environ.get("ZOO_KERNEL_BUILD_DIR", _REPO_ROOT / "build" / "cpu_kernels"))


def _mindspore_onednn():
    lib_dir = Path(ms.__file__).resolve().parent / "lib"
    library = lib_dir / "libdnnl.so.3"
    if not library.is_file():
        raise KernelsUnavailable(f"MindSpore's oneDNN library {library} is missing (expected in MindSpore 2.10)")
    return library


_LIBRARY = {}


def kernel_library():
    """Path of the compiled kernel library (built on first use, then reused)."""
    if "path" not in _LIBRARY:
        compiler = shutil.which(os.environ.get("CXX", "g++"))
        if compiler is None:
            raise KernelsUnavailable("no C++ compiler (g++ or $CXX) on PATH to build the CPU kernels")
        include = _include_dir()
        if not (include / "oneapi" / "dnnl" / "dnnl.hpp").is_file():
            raise KernelsUnavailable(f"oneDNN headers not found in {include} (run `make env`, which fetches them)")
        onednn = _mindspore_onednn()
        sources = sorted(_SOURCE_DIR.glob("*.cc"))
        digest = hashlib.sha256(" ".join([compiler, *_FLAGS, str(onednn.stat().st_size)]).encode())
        for path in sources + sorted(_SOURCE_DIR.glob("*.h")) + [include / "oneapi" / "dnnl" / "dnnl_config.h"]:
            digest.update(path.read_bytes())
        target = _build_dir() / f"zoo_cpu_kernels-{digest.hexdigest()[:16]}.so"
        if not target.is_file():
            try:
                _compile([compiler, *_FLAGS, f"-I{include}", *map(str, sources), str(onednn),
                          f"-Wl,-rpath,{onednn.parent}"], target)
            except OSError as error:
                raise KernelsUnavailable(f"cannot write the CPU kernels to {target.parent}: {error}") from None
        _LIBRARY["path"] = str(target)
    return _LIBRARY["path"]


def _compile(command, target):
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        partial = Path(scratch) / target.name
        result = subprocess.run(command + ["-o", str(partial)], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            first_error = next((line for line in result.stderr.splitlines() if "error" in line),
                               result.stderr.strip()[-300:])
            raise KernelsUnavailable(f"compiling the CPU kernels in {_SOURCE_DIR} failed: {first_error}")
        os.replace(partial, target)  # concurrent builders (distributed ranks) each write a whole file


def kernels_available():
    """(True, '') when the kernels build, else (False, reason); a failure is not retried in this process."""
    if "error" not in _LIBRARY:
        try:
            kernel_library()
            _LIBRARY["error"] = ""
        except KernelsUnavailable as error:
            _LIBRARY["error"] = str(error)
    return not _LIBRARY["error"], _LIBRARY["error"]


def _custom(function, out_shape, bprop=None, outputs=1, role=None):
    """role: a name telling this operator from others running the same kernel with another gradient
    (MindSpore takes primitives with equal attributes for the same operator, gradient included)."""
    out_dtype = ms.float32 if outputs == 1 else (ms.float32,) * outputs
    op = ops.Custom(f"{kernel_library()}:{function}", out_shape=out_shape, out_dtype=out_dtype,
                    func_type="aot", bprop=bprop)
    if role is not None:
        op.add_prim_attr("zoo_role", role)
    return op


def _shaped_like_last_input(function, bprop=None, role=None):
    """A kernel of the library whose output takes the shape of its last input."""
    return _custom(function, lambda *shapes: shapes[-1], bprop, role=role)


# Orders of differentiation the convolution operators support: 2 covers a gradient penalty (the gradient,
# with respect to the weights, of a function of the input gradient).
DIFFERENTIABLE_ORDER = 2
_CONVOLUTION_KERNELS = {}


def convolution_kernels(order=DIFFERENTIABLE_ORDER - 1):
    """(forward, backward_data, backward_weights) of one convolution, each an operator (a, b, geometry,
    like) whose output takes the shape of ``like`` (whose value is not read), differentiable ``order``
    times: their gradients are built from the same three kernels, one order lower.

    With y = conv(x, W): forward(x, W, g, y) = y, backward_data(dy, W, g, x) = ∂⟨y, dy⟩/∂x,
    backward_weights(x, dy, g, W) = ∂⟨y, dy⟩/∂W. All three are bilinear, so each gradient is one of the
    three with the roles of its arguments and the incoming gradient exchanged.
    """
    if order not in _CONVOLUTION_KERNELS:
        if order <= 0:
            _CONVOLUTION_KERNELS[order] = tuple(
                _shaped_like_last_input(name, role=f"{name}/0")
                for name in ("ConvForward", "ConvBackwardData", "ConvBackwardWeights"))
        else:
            forward, backward_data, backward_weights = convolution_kernels(order - 1)

            def forward_bprop(x, weight, geometry, like, out, dout):
                return (backward_data(dout, weight, geometry, x), backward_weights(x, dout, geometry, weight),
                        ops.zeros_like(geometry), ops.zeros_like(like))

            def backward_data_bprop(dy, weight, geometry, like, out, dout):
                # out = ∂⟨conv(x, W), dy⟩/∂x is linear in dy (adjoint: conv) and in W (⟨dout, out⟩ =
                # ⟨conv(dout, W), dy⟩, whose W-gradient is backward_weights(dout, dy)).
                return (forward(dout, weight, geometry, dy), backward_weights(dout, dy, geometry, weight),
                        ops.zeros_like(geometry), ops.zeros_like(like))

            def backward_weights_bprop(x, dy, geometry, like, out, dout):
                # ⟨dout, out⟩ = ⟨conv(x, dout), dy⟩: x-gradient backward_data(dy, dout), dy-gradient conv(x, dout).
                return (backward_data(dy, dout, geometry, x), forward(x, dout, geometry, dy),
                        ops.zeros_like(geometry), ops.zeros_like(like))

            _CONVOLUTION_KERNELS[order] = (
                _shaped_like_last_input("ConvForward", forward_bprop, f"ConvForward/{order}"),
                _shaped_like_last_input("ConvBackwardData", backward_data_bprop, f"ConvBackwardData/{order}"),
                _shaped_like_last_input("ConvBackwardWeights", backward_weights_bprop, f"ConvBackwardWeights/{order}"))
    return _CONVOLUTION_KERNELS[order]


def convolution_op(output_shape):
    """``nn.Conv2d`` without bias as an operator (x, weight (O, C, kh, kw), geometry) with its gradient,
    differentiable ``DIFFERENTIABLE_ORDER`` times; geometry is int64 [stride_h, stride_w, pad_top, pad_left];
    output_shape(x_shape, weight_shape, geometry_shape) gives the output's shape."""
    _, backward_data, backward_weights = convolution_kernels()

    def bprop(x, weight, geometry, out, dout):
        return (backward_data(dout, weight, geometry, x), backward_weights(x, dout, geometry, weight),
                ops.zeros_like(geometry))

    return _custom("ConvForward", output_shape, bprop, role="Conv2d")


def transposed_convolution_op(output_shape):
    """``nn.Conv2dTranspose`` without bias (weight (C_in, C_out, kh, kw)), the input gradient of a
    convolution, as an operator with its gradient (differentiable ``DIFFERENTIABLE_ORDER`` times);
    arguments as for ``convolution_op``."""
    forward, _, backward_weights = convolution_kernels()

    def bprop(x, weight, geometry, out, dout):
        # y = conv_backward_data(x): dx = conv(dout), dw = conv_backward_weights(src=dout, diff_dst=x).
        return (forward(dout, weight, geometry, x), backward_weights(dout, x, geometry, weight),
                ops.zeros_like(geometry))

    return _custom("ConvBackwardData", output_shape, bprop, role="Conv2dTranspose")


def group_norm_op(num_groups):
    """``nn.GroupNorm`` as an operator (x (N, C, ...), gamma (C), beta (C), eps float32 [1]) -> (y, mean
    (N, G), rstd (N, G)) with its gradient."""
    backward = _custom("GroupNormBackward", lambda dy, x, mean, rstd, gamma: (x, gamma, gamma), outputs=3)

    def bprop(x, gamma, beta, eps, out, dout):
        dx, dgamma, dbeta = backward(dout[0], x, out[1], out[2], gamma)
        return dx, dgamma, dbeta, ops.zeros_like(eps)

    def output_shapes(x, gamma, beta, eps):
        return x, (x[0], num_groups), (x[0], num_groups)

    return _custom("GroupNormForward", output_shapes, bprop, outputs=3)


def batch_norm_op():
    """BatchNorm with batch statistics as an operator (x (N, C, ...), gamma (C), beta (C), eps float32 [1])
    -> (y, mean (C), biased variance (C)) with its gradient (first derivatives only)."""
    backward = _custom("BatchNormBackward", lambda dy, x, mean, var, gamma, eps: (x, gamma, gamma), outputs=3)

    def bprop(x, gamma, beta, eps, out, dout):
        dx, dgamma, dbeta = backward(dout[0], x, out[1], out[2], gamma, eps)
        return dx, dgamma, dbeta, ops.zeros_like(eps)

    def output_shapes(x, gamma, beta, eps):
        return x, gamma, gamma

    return _custom("BatchNormForward", output_shapes, bprop, outputs=3)


def leaky_relu_op():
    """LeakyReLU as an operator (x, alpha float32 [1]) -> x > 0 ? x : alpha·x, with its gradient
    dx = x > 0 ? dy : alpha·dy. That gradient is an operator with a gradient too (itself with respect to dy,
    zero with respect to x almost everywhere), so second derivatives (gradient penalties) go through."""
    def backward_bprop(dy, x, alpha, out, dout):
        return backward(dout, x, alpha), ops.zeros_like(x), ops.zeros_like(alpha)

    backward = _custom("LeakyReluBackward", lambda dy, x, alpha: dy, backward_bprop)

    def bprop(x, alpha, out, dout):
        return backward(dout, x, alpha), ops.zeros_like(alpha)

    return _custom("LeakyReluForward", lambda x, alpha: x, bprop)
