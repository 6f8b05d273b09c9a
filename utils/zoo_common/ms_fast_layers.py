"""CPU fast path for MindSpore 2.10 layers that are slow on CPU (DESIGN §8, utils/bench/README.md).

``apply_cpu_fast_path(net)`` swaps, in place, the native sub-cells it can replace by equivalent cells that
are fast on CPU. Each fast cell holds the *same* Parameter objects as the native cell it replaces, so
parameter names, shapes and values are unchanged and checkpoints stay interchangeable. Call it only when
the device target is CPU, before the optimizers and train steps are built. Export builds fresh native
networks, or calls ``restore_native_cells(net)`` first, so MINDIR/ONNX stay standard.

Replaced cells (anything else, e.g. grouped or dilated convolutions, is left native):
- ``nn.Conv2d``           group 1, dilation 1, NCHW, any pad_mode ('same', 'valid', 'pad')
- ``nn.Conv2dTranspose``  the same, output_padding 0, and kernel >= stride for 'same'
- ``nn.GroupNorm``        any number of groups (compiled kernels only)
- ``nn.BatchNorm2d``      NCHW, use_batch_statistics unset (compiled kernels only; inference mode stays native)
- ``nn.LeakyReLU``        0 <= alpha <= 1: one compiled kernel, or relu(x) - alpha * relu(-x) without them

Convolutions, GroupNorm, BatchNorm and LeakyReLU run as compiled custom operators (``ms_cpu_kernels``):
oneDNN convolutions in its own blocked layouts (``KernelConv2d``, ``KernelConv2dTranspose``), C++ GroupNorm
and BatchNorm (``KernelGroupNorm``, ``KernelBatchNorm2d``) and a one-pass LeakyReLU (``KernelLeakyReLU``).
Where those cannot be built (no g++ or oneDNN headers; a warning says which), convolutions are built
from MatMul, Concat, Slice, Reshape and Transpose (``FastConv2d``, ``FastConv2dTranspose``), BatchNorm stays
native and so does GroupNorm, being faster than its elementary form ``FastGroupNorm``, which
``replace_cells(net, (nn.GroupNorm,))`` swaps in where a caller needs it (the ONNX export has no GroupNorm
mapping).
"""
import warnings

from mindspore import Tensor, nn, ops
from mindspore.common import dtype as mstype

from . import ms_cpu_kernels

# Native cell class -> equivalent cell class; filled at the end of the module.
_FAST_CELL_FOR = {}
# The same for convolutions when the oneDNN kernels are available; filled at the end of the module.
_KERNEL_CELL_FOR = {}
# The native types whose equivalent is faster on CPU (utils/bench/README.md), swapped by apply_cpu_fast_path.
CPU_FAST_TYPES = (nn.Conv2d, nn.Conv2dTranspose, nn.LeakyReLU)


def _pair(value):
    return (value, value) if isinstance(value, int) else tuple(value)


def _paddings(cell):
    """(top, bottom, left, right) of a native convolution cell; None for 'same' (depends on the input)."""
    if cell.pad_mode == "same":
        return None
    if cell.pad_mode == "valid":
        return 0, 0, 0, 0
    if isinstance(cell.padding, int):
        return (cell.padding,) * 4
    return tuple(cell.padding)


def _same_split(total):
    """'same' padding puts the odd element at the end (bottom / right)."""
    total = max(total, 0)
    return total // 2, total - total // 2


def _zero_pad(x, axis, before, after):
    """Zero-pad one axis by concatenation (the CPU Pad kernels of MindSpore 2.10 are much slower)."""
    if before == 0 and after == 0:
        return x
    parts = []
    shape = list(x.shape)
    if before:
        shape[axis] = before
        parts.append(ops.zeros(tuple(shape), x.dtype))
    parts.append(x)
    if after:
        shape[axis] = after
        parts.append(ops.zeros(tuple(shape), x.dtype))
    return ops.concat(parts, axis)


def _phase_weight(weight, kernel, stride, taps):
    """Zero-extend a (A, B, kh, kw) weight to (A, B, Qh*sh, Qw*sw) and split each kernel axis into
    (tap q, phase r) with k = s*q + r: returns (A, B, Qh, sh, Qw, sw)."""
    (kh, kw), (sh, sw), (qh, qw) = kernel, stride, taps
    weight = _zero_pad(_zero_pad(weight, 2, 0, qh * sh - kh), 3, 0, qw * sw - kw)
    a, b = weight.shape[0], weight.shape[1]
    return weight.reshape(a, b, qh, sh, qw, sw)


class _FastConvolution(nn.Cell):
    """Geometry and the shared Parameters of a native (transposed) convolution cell."""

    def __init__(self, native):
        super().__init__()
        self.in_channels, self.out_channels = native.in_channels, native.out_channels
        self.kernel, self.stride = _pair(native.kernel_size), _pair(native.stride)
        self.pads = _paddings(native)
        self.taps = tuple((k + s - 1) // s for k, s in zip(self.kernel, self.stride))
        self.weight = native.weight
        self.has_bias = native.has_bias
        self.bias = native.bias

    def conv_pads(self, height, width):
        """(top, bottom, left, right) of a convolution over an input of this size."""
        if self.pads is not None:
            return self.pads
        (kh, kw), (sh, sw) = self.kernel, self.stride
        top, bottom = _same_split(((height + sh - 1) // sh - 1) * sh + kh - height)
        left, right = _same_split(((width + sw - 1) // sw - 1) * sw + kw - width)
        return top, bottom, left, right

    def conv_output_size(self, height, width):
        top, bottom, left, right = self.conv_pads(height, width)
        (kh, kw), (sh, sw) = self.kernel, self.stride
        return (height + top + bottom - kh) // sh + 1, (width + left + right - kw) // sw + 1

    def transposed_pads(self):
        """(top, bottom, left, right) cropped from the full output of a transposed convolution."""
        if self.pads is not None:
            return self.pads
        (kh, kw), (sh, sw) = self.kernel, self.stride
        return _same_split(kh - sh) + _same_split(kw - sw)

    def transposed_output_size(self, height, width):
        top, bottom, left, right = self.transposed_pads()
        (kh, kw), (sh, sw) = self.kernel, self.stride
        return (height - 1) * sh + kh - top - bottom, (width - 1) * sw + kw - left - right

    def add_bias(self, out):
        if self.has_bias:
            return out + self.bias.reshape(1, self.out_channels, 1, 1)
        return out


class FastConv2d(_FastConvolution):
    """``nn.Conv2d`` as space-to-depth + unit-stride shifted slices + one MatMul.

    With stride s, the padded NHWC input is folded into (H/s, W/s, s*s*C) so that a k×k stride-s
    convolution becomes a Q×Q stride-1 one (Q = ceil(k/s)) over the folded channels; its Q*Q shifted
    windows are concatenated on the channel axis and contracted with the rearranged weight in one MatMul.
    """

    def __init__(self, native):
        super().__init__(native)
        self.matmul = ops.MatMul()
        self.matmul_bt = ops.MatMul(transpose_b=True)

    def construct(self, x):
        batch, cin, height, width = x.shape
        (kh, kw), (sh, sw), (qh, qw) = self.kernel, self.stride, self.taps
        top, bottom, left, right = self.conv_pads(height, width)
        cout = self.out_channels
        out_h, out_w = self.conv_output_size(height, width)
        if out_h == 1 and out_w == 1 and height == kh and width == kw and top == 0 and left == 0:
            # The kernel covers the whole input: a plain dense layer over (C, kh, kw).
            out = self.matmul_bt(x.reshape(batch, cin * kh * kw), self.weight.reshape(cout, cin * kh * kw))
            return self.add_bias(out.reshape(batch, cout, 1, 1))
        padded_h, padded_w = height + top + bottom, width + left + right
        extra_h, extra_w = (-padded_h) % sh, (-padded_w) % sw
        xt = x.transpose(0, 2, 3, 1)
        xt = _zero_pad(_zero_pad(xt, 1, top, bottom + extra_h), 2, left, right + extra_w)
        fold_h, fold_w = (padded_h + extra_h) // sh, (padded_w + extra_w) // sw
        depth = sh * sw * cin
        if sh > 1 or sw > 1:
            xt = xt.reshape(batch, fold_h, sh, fold_w, sw, cin).transpose(0, 1, 3, 2, 4, 5)
            xt = xt.reshape(batch, fold_h, fold_w, depth)
        if qw > 1 or fold_w != out_w:
            xt = ops.concat([ops.slice(xt, (0, 0, q, 0), (batch, fold_h, out_w, depth)) for q in range(qw)], 3)
        if qh > 1 or fold_h != out_h:
            width_depth = qw * depth
            xt = ops.concat([ops.slice(xt, (0, q, 0, 0), (batch, out_h, out_w, width_depth)) for q in range(qh)], 3)
        # columns are ordered (qy, qx, ry, rx, c)
        weight = _phase_weight(self.weight, self.kernel, self.stride, self.taps)
        weight = weight.transpose(2, 4, 3, 5, 1, 0).reshape(qh * qw * depth, cout)
        out = self.matmul(xt.reshape(batch * out_h * out_w, qh * qw * depth), weight)
        return self.add_bias(out.reshape(batch, out_h, out_w, cout).transpose(0, 3, 1, 2))


class FastConv2dTranspose(_FastConvolution):
    """``nn.Conv2dTranspose`` as one MatMul to per-tap output columns + col2im by shifted additions.

    Each input pixel contributes a k×k patch; split by (tap q, phase r) with k = s*q + r, all s*s phases of
    one tap shift land in the same folded output cell, so col2im is Q*Q zero-padded shifts and additions on
    the folded (H+Q-1, W+Q-1, s*s*C) grid, followed by depth-to-space and a crop of the padding.
    """

    def __init__(self, native):
        super().__init__(native)
        self.matmul = ops.MatMul()

    def construct(self, x):
        batch, cin, height, width = x.shape
        (kh, kw), (sh, sw), (qh, qw) = self.kernel, self.stride, self.taps
        top, _, left, _ = self.transposed_pads()
        cout = self.out_channels
        out_h, out_w = self.transposed_output_size(height, width)
        if height == 1 and width == 1:
            # A single input pixel: the output is its k×k patch, no overlap to add up.
            full = self.matmul(x.reshape(batch, cin), self.weight.reshape(cin, cout * kh * kw))
            full = full.reshape(batch, cout, kh, kw)
            full_h, full_w = kh, kw
        else:
            depth = sh * sw * cout
            # columns ordered (qy, qx, ry, rx, o)
            weight = _phase_weight(self.weight, self.kernel, self.stride, self.taps)
            weight = weight.transpose(0, 2, 4, 3, 5, 1).reshape(cin, qh * qw * depth)
            cols = self.matmul(x.transpose(0, 2, 3, 1).reshape(batch * height * width, cin), weight)
            grid_h, grid_w = height + qh - 1, width + qw - 1
            cols = cols.reshape(batch, height, width, qh, qw * depth)
            rows = None
            for q in range(qw):
                tap = ops.slice(cols, (0, 0, 0, 0, q * depth), (batch, height, width, qh, depth))
                tap = _zero_pad(tap, 2, q, qw - 1 - q)
                rows = tap if rows is None else rows + tap
            grid = None
            for q in range(qh):
                tap = ops.slice(rows, (0, 0, 0, q, 0), (batch, height, grid_w, 1, depth))
                tap = _zero_pad(tap.reshape(batch, height, grid_w, depth), 1, q, qh - 1 - q)
                grid = tap if grid is None else grid + tap
            full = grid.reshape(batch, grid_h, grid_w, sh, sw, cout).transpose(0, 5, 1, 3, 2, 4)
            full_h, full_w = grid_h * sh, grid_w * sw
            full = full.reshape(batch, cout, full_h, full_w)
        if full_h != out_h or full_w != out_w:
            full = ops.slice(full, (0, 0, top, left), (batch, cout, out_h, out_w))
        return self.add_bias(full)


class KernelConv2d(_FastConvolution):
    """``nn.Conv2d`` run by oneDNN in its blocked layouts (``ms_cpu_kernels``), gradients included."""

    def __init__(self, native):
        super().__init__(native)
        self.convolution = ms_cpu_kernels.convolution_op(self._output_shape)

    def _output_shape(self, x_shape, weight_shape, geometry_shape):
        return (x_shape[0], self.out_channels) + self.conv_output_size(x_shape[2], x_shape[3])

    def construct(self, x):
        batch, cin, height, width = x.shape
        (kh, kw), (sh, sw) = self.kernel, self.stride
        top, _, left, _ = self.conv_pads(height, width)
        out_h, out_w = self.conv_output_size(height, width)
        # Rows and columns past the last window never reach the output; oneDNN wants them cut off rather
        # than a negative bottom/right padding.
        used_h, used_w = min(height, (out_h - 1) * sh + kh - top), min(width, (out_w - 1) * sw + kw - left)
        if used_h != height or used_w != width:
            x = ops.slice(x, (0, 0, 0, 0), (batch, cin, used_h, used_w))
        geometry = Tensor([sh, sw, top, left], mstype.int64)
        return self.add_bias(self.convolution(x, self.weight, geometry))


class KernelConv2dTranspose(_FastConvolution):
    """``nn.Conv2dTranspose`` run by oneDNN (the input gradient of a convolution), gradients included."""

    def __init__(self, native):
        super().__init__(native)
        self.transposed = ms_cpu_kernels.transposed_convolution_op(self._output_shape)

    def _output_shape(self, x_shape, weight_shape, geometry_shape):
        return (x_shape[0], self.out_channels) + self.transposed_output_size(x_shape[2], x_shape[3])

    def construct(self, x):
        (sh, sw) = self.stride
        top, _, left, _ = self.transposed_pads()
        geometry = Tensor([sh, sw, top, left], mstype.int64)
        return self.add_bias(self.transposed(x, self.weight, geometry))


class FastGroupNorm(nn.Cell):
    """``nn.GroupNorm`` from reductions and element-wise ops (biased variance, as the native kernel)."""

    def __init__(self, native):
        super().__init__()
        self.num_groups, self.num_channels, self.eps = native.num_groups, native.num_channels, native.eps
        self.gamma = native.gamma
        self.beta = native.beta

    def construct(self, x):
        shape = x.shape
        grouped = x.reshape(shape[0], self.num_groups, -1)
        centred = grouped - grouped.mean(axis=2, keep_dims=True)
        # Sqrt + Div: the ONNX export (ms_export) uses this cell, and Reciprocal/Rsqrt have no ONNX mapping.
        normed = (centred / ops.sqrt((centred * centred).mean(axis=2, keep_dims=True) + self.eps)).reshape(shape)
        affine_shape = (1, self.num_channels) + (1,) * (len(shape) - 2)
        return normed * self.gamma.reshape(affine_shape) + self.beta.reshape(affine_shape)


class KernelGroupNorm(nn.Cell):
    """``nn.GroupNorm`` run by a compiled kernel (``ms_cpu_kernels``), gradients included."""

    def __init__(self, native):
        super().__init__()
        self.gamma = native.gamma
        self.beta = native.beta
        self.eps = Tensor([native.eps], mstype.float32)
        self.group_norm = ms_cpu_kernels.group_norm_op(native.num_groups)

    def construct(self, x):
        return self.group_norm(x, self.gamma, self.beta, self.eps)[0]


class KernelBatchNorm2d(nn.Cell):
    """``nn.BatchNorm2d`` whose training mode (batch statistics) runs as a compiled kernel (``ms_cpu_kernels``),
    gradients included; the running statistics are updated as the native cell updates them (the mean, and
    the unbiased variance, weighted by ``1 - momentum``). Inference mode is the native inference kernel."""

    def __init__(self, native):
        super().__init__()
        self.gamma, self.beta = native.gamma, native.beta
        self.moving_mean, self.moving_variance = native.moving_mean, native.moving_variance
        self.momentum = float(native.momentum)  # the native cell stores the new value's weight here
        self.eps = Tensor([native.eps], mstype.float32)
        self.batch_norm = ms_cpu_kernels.batch_norm_op()
        self.infer = ops.BatchNorm(is_training=False, epsilon=float(native.eps))

    def construct(self, x):
        if not self.training:
            return self.infer(x, self.gamma, self.beta, self.moving_mean, self.moving_variance)[0]
        y, mean, var = self.batch_norm(x, self.gamma, self.beta, self.eps)
        count = x.shape[0] * x.shape[2] * x.shape[3]
        mean, var = ops.stop_gradient(mean), ops.stop_gradient(var * (count / max(count - 1, 1)))
        new_mean = self.moving_mean * (1.0 - self.momentum) + mean * self.momentum
        new_var = self.moving_variance * (1.0 - self.momentum) + var * self.momentum
        return ops.depend(y, (ops.assign(self.moving_mean, new_mean), ops.assign(self.moving_variance, new_var)))


class KernelLeakyReLU(nn.Cell):
    """``nn.LeakyReLU`` run by a compiled kernel (``ms_cpu_kernels``): one pass forward and one backward."""

    def __init__(self, native):
        super().__init__()
        self.alpha = Tensor([float(native.alpha)], mstype.float32)
        self.leaky_relu = ms_cpu_kernels.leaky_relu_op()

    def construct(self, x):
        return self.leaky_relu(x, self.alpha)


class FastLeakyReLU(nn.Cell):
    """``nn.LeakyReLU`` as relu(x) − α·relu(−x): exact for 0 ≤ α ≤ 1, and its gradient is two ReluGrad
    kernels instead of the much slower Maximum gradient of the native cell."""

    def __init__(self, native):
        super().__init__()
        self.alpha = float(native.alpha)

    def construct(self, x):
        return ops.relu(x) - self.alpha * ops.relu(-x)


def _conv_supported(cell):
    return cell.group == 1 and _pair(cell.dilation) == (1, 1) and cell.data_format == "NCHW"


def _supports(cell):
    """Whether the fast class reproduces this particular native cell's configuration."""
    if isinstance(cell, nn.Conv2dTranspose):
        kernel_covers_stride = all(k >= s for k, s in zip(_pair(cell.kernel_size), _pair(cell.stride)))
        return (_conv_supported(cell) and cell.output_padding in (0, (0, 0))
                and (cell.pad_mode != "same" or kernel_covers_stride))
    if isinstance(cell, nn.Conv2d):
        return _conv_supported(cell)
    if isinstance(cell, nn.LeakyReLU):
        return 0.0 <= float(cell.alpha) <= 1.0
    if isinstance(cell, nn.BatchNorm2d):
        return cell.use_batch_statistics is None and cell.format == "NCHW"
    return True


_NATIVE_CELL_ATTR = "native_cell"


def cpu_kernels_usable():
    """Whether the compiled CPU kernels build here; warns once, with the reason, when they do not."""
    available, reason = ms_cpu_kernels.kernels_available()
    if not available and not _WARNED:
        _WARNED.append(reason)
        warnings.warn(f"CPU fast path without compiled kernels ({reason}): convolutions run as MatMul + "
                      "data movement and GroupNorm stays native, more slowly", stacklevel=2)
    return available


_WARNED = []


def fast_cell_for(cell, kernels=False):
    """The equivalent of one native cell sharing its Parameters, or None when there is none.
    kernels: use the cells run by compiled kernels (convolutions, GroupNorm) where there is one."""
    fast_class = _FAST_CELL_FOR.get(type(cell))
    if kernels and type(cell) in _KERNEL_CELL_FOR:
        fast_class = _KERNEL_CELL_FOR[type(cell)]
    if fast_class is None or not _supports(cell):
        return None
    fast = fast_class(cell)
    fast.set_train(cell.training)
    # Kept outside Cell.__setattr__ so the native cell is not registered as a child (its parameters would
    # appear twice); restore_native_cells puts it back.
    object.__setattr__(fast, _NATIVE_CELL_ATTR, cell)
    return fast


def _replace_children(net, replacement_for):
    """Swap every direct or nested child c of ``net`` with replacement_for(c) when that is not None."""
    replaced = 0
    parents = [net] + [cell for _, cell in net.cells_and_names() if cell is not net]
    for parent in parents:
        for name, child in list(parent.name_cells().items()):
            new = replacement_for(child)
            if new is None:
                continue
            # Direct assignment into _cells: insert_child_to_cell and SequentialCell.__setitem__ would
            # re-prefix the names of the shared parameters.
            parent._cells[name] = new  # pylint: disable=protected-access
            replaced += 1
        if hasattr(parent, "cell_list"):  # SequentialCell / CellList iterate over this copy
            parent.cell_list = list(parent._cells.values())  # pylint: disable=protected-access
    return replaced


def replace_cells(net, cell_types, kernels=False):
    """Swap, in place, the sub-cells of the given native types for their equivalents (e.g.
    ``(nn.GroupNorm,)`` for an ONNX export, which has no GroupNorm mapping). Returns the number swapped."""
    return _replace_children(
        net, lambda cell: fast_cell_for(cell, kernels) if isinstance(cell, cell_types) else None)


def apply_cpu_fast_path(net, kernels=None):
    """Replace, in place, every native sub-cell of ``net`` whose equivalent is faster on CPU.

    Parameters are shared, not copied: names, shapes and values are unchanged. Returns the number of
    cells replaced. Call only for device target CPU, before building optimizers and train steps.
    kernels: use the compiled-kernel cells (None: where they build here; False: the MatMul cells, with
    GroupNorm left native).
    """
    if kernels is None:
        kernels = cpu_kernels_usable()
    if kernels:
        return replace_cells(net, CPU_FAST_TYPES + (nn.GroupNorm, nn.BatchNorm2d), kernels=True)
    return replace_cells(net, CPU_FAST_TYPES)


def _native_cell_of(cell):
    native = cell.__dict__.get(_NATIVE_CELL_ATTR)
    if native is not None:
        native.set_train(cell.training)
    return native


def restore_native_cells(net):
    """Undo ``apply_cpu_fast_path`` in place (e.g. before exporting a network trained with it).
    Returns the number of cells restored."""
    return _replace_children(net, _native_cell_of)


_FAST_CELL_FOR.update({
    nn.Conv2d: FastConv2d,
    nn.Conv2dTranspose: FastConv2dTranspose,
    nn.GroupNorm: FastGroupNorm,
    nn.LeakyReLU: FastLeakyReLU,
})
_KERNEL_CELL_FOR.update({
    nn.Conv2d: KernelConv2d,
    nn.Conv2dTranspose: KernelConv2dTranspose,
    nn.GroupNorm: KernelGroupNorm,
    nn.LeakyReLU: KernelLeakyReLU,
    nn.BatchNorm2d: KernelBatchNorm2d,
})
