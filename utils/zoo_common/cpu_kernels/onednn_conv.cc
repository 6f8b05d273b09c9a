// 2-D convolution kernels for MindSpore CPU custom ("aot") operators, run by the oneDNN library that
// MindSpore itself ships (libdnnl.so.3, threadpool runtime).
//
// MindSpore 2.10 hands oneDNN plain NCHW tensors, for which oneDNN 3.10 on AVX-512 machines selects a
// reference convolution (DESIGN §8). These kernels let oneDNN choose its blocked layouts instead
// (format "any") and reorder to and from NCHW around the call, as PyTorch does.
//
// Entry points (MindSpore aot signature); every tensor is float32 and contiguous; the last parameter is the
// output; `geometry` is int64 [stride_h, stride_w, pad_top, pad_left] (bottom/right padding follows from
// the shapes):
//   ConvForward(x NCHW, w OIHW, geometry[, like])          -> y  NCHW
//   ConvBackwardData(dy NCHW, w OIHW, geometry[, like])    -> dx NCHW (the input gradient of ConvForward)
//   ConvBackwardWeights(x NCHW, dy NCHW, geometry[, like]) -> dw OIHW
// `like`, when present, only gives the output its shape. A transposed convolution is ConvBackwardData.
#include <oneapi/dnnl/dnnl.hpp>
#include <oneapi/dnnl/dnnl_threadpool.hpp>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "worker_pool.h"

namespace {

struct Runtime {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream = dnnl::threadpool_interop::make_stream(engine, &zoo::GetWorkerPool());
};

Runtime &GetRuntime() {
  static Runtime runtime;
  return runtime;
}

using dnnl::memory;
using Dims = memory::dims;

enum class Kind { kForward, kBackwardData, kBackwardWeights };

// One tensor argument of the convolution primitive: the caller's plain layout and, when oneDNN prefers
// another, a reorder and a buffer in its layout.
struct Argument {
  int arg = 0;
  bool is_output = false;
  memory user;
  memory inner;
  dnnl::reorder convert;
  bool reordered = false;
};

struct Plan {
  dnnl::primitive primitive;
  std::vector<Argument> arguments;
  memory scratchpad;
};

memory::desc Plain(const Dims &dims) {
  return memory::desc(dims, memory::data_type::f32, memory::format_tag::abcd);
}

Argument MakeArgument(const dnnl::engine &engine, int arg, const Dims &dims, const memory::desc &wanted,
                      bool is_output) {
  Argument argument;
  argument.arg = arg;
  argument.is_output = is_output;
  argument.user = memory(Plain(dims), engine, DNNL_MEMORY_NONE);
  if (wanted != argument.user.get_desc()) {
    argument.inner = memory(wanted, engine);
    argument.convert = is_output ? dnnl::reorder(argument.inner, argument.user)
                                 : dnnl::reorder(argument.user, argument.inner);
    argument.reordered = true;
  }
  return argument;
}

// dims: x (N,C,H,W), w (O,C,KH,KW), y (N,O,OH,OW) of the forward convolution this kernel belongs to.
std::unique_ptr<Plan> MakePlan(Kind kind, const Dims &x, const Dims &w, const Dims &y, const int64_t *geometry) {
  Runtime &runtime = GetRuntime();
  const Dims strides = {geometry[0], geometry[1]};
  const Dims pad_l = {geometry[2], geometry[3]};
  const Dims pad_r = {(y[2] - 1) * strides[0] + w[2] - x[2] - pad_l[0],
                      (y[3] - 1) * strides[1] + w[3] - x[3] - pad_l[1]};
  const auto any = [](const Dims &dims) {
    return memory::desc(dims, memory::data_type::f32, memory::format_tag::any);
  };
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  const auto forward_hint = dnnl::convolution_forward::primitive_desc(
      runtime.engine, dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct, any(x), any(w),
      any(y), strides, pad_l, pad_r);
  auto plan = std::make_unique<Plan>();
  const dnnl::engine &engine = runtime.engine;
  dnnl::memory::desc scratch;
  if (kind == Kind::kForward) {
    const auto pd = dnnl::convolution_forward::primitive_desc(
        engine, dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct, any(x), any(w), any(y),
        strides, pad_l, pad_r, attr);
    plan->primitive = dnnl::convolution_forward(pd);
    plan->arguments = {MakeArgument(engine, DNNL_ARG_SRC, x, pd.src_desc(), false),
                       MakeArgument(engine, DNNL_ARG_WEIGHTS, w, pd.weights_desc(), false),
                       MakeArgument(engine, DNNL_ARG_DST, y, pd.dst_desc(), true)};
    scratch = pd.scratchpad_desc();
  } else if (kind == Kind::kBackwardData) {
    const auto pd = dnnl::convolution_backward_data::primitive_desc(
        engine, dnnl::algorithm::convolution_direct, any(x), any(w), any(y), strides, pad_l, pad_r,
        forward_hint, attr);
    plan->primitive = dnnl::convolution_backward_data(pd);
    plan->arguments = {MakeArgument(engine, DNNL_ARG_DIFF_DST, y, pd.diff_dst_desc(), false),
                       MakeArgument(engine, DNNL_ARG_WEIGHTS, w, pd.weights_desc(), false),
                       MakeArgument(engine, DNNL_ARG_DIFF_SRC, x, pd.diff_src_desc(), true)};
    scratch = pd.scratchpad_desc();
  } else {
    const auto pd = dnnl::convolution_backward_weights::primitive_desc(
        engine, dnnl::algorithm::convolution_direct, any(x), any(w), any(y), strides, pad_l, pad_r,
        forward_hint, attr);
    plan->primitive = dnnl::convolution_backward_weights(pd);
    plan->arguments = {MakeArgument(engine, DNNL_ARG_SRC, x, pd.src_desc(), false),
                       MakeArgument(engine, DNNL_ARG_DIFF_DST, y, pd.diff_dst_desc(), false),
                       MakeArgument(engine, DNNL_ARG_DIFF_WEIGHTS, w, pd.diff_weights_desc(), true)};
    scratch = pd.scratchpad_desc();
  }
  plan->scratchpad = memory(scratch, engine);
  return plan;
}

void Execute(Plan &plan, const std::vector<void *> &data) {
  dnnl::stream &stream = GetRuntime().stream;
  std::unordered_map<int, memory> args = {{DNNL_ARG_SCRATCHPAD, plan.scratchpad}};
  for (size_t i = 0; i < plan.arguments.size(); ++i) {
    Argument &argument = plan.arguments[i];
    argument.user.set_data_handle(data[i]);
    if (argument.reordered && !argument.is_output) argument.convert.execute(stream, argument.user, argument.inner);
    args[argument.arg] = argument.reordered ? argument.inner : argument.user;
  }
  plan.primitive.execute(stream, args);
  for (Argument &argument : plan.arguments) {
    if (argument.reordered && argument.is_output) argument.convert.execute(stream, argument.inner, argument.user);
  }
  stream.wait();
}

Dims ShapeOf(const int *ndims, int64_t **shapes, int index) {
  return Dims(shapes[index], shapes[index] + ndims[index]);
}

std::mutex &KernelMutex() {
  static std::mutex mutex;
  return mutex;
}

int Run(Kind kind, int nparam, void **params, int *ndims, int64_t **shapes, const char **dtypes) {
  if (nparam != 4 && nparam != 5) {
    std::fprintf(stderr, "oneDNN convolution kernel: expected 3 or 4 inputs, got %d\n", nparam - 1);
    return 1;
  }
  const int out = nparam - 1;
  for (int index : {0, 1, out}) {
    if (ndims[index] != 4 || std::strcmp(dtypes[index], "float32") != 0) {
      std::fprintf(stderr, "oneDNN convolution kernel: tensor %d must be a 4-D float32 tensor\n", index);
      return 1;
    }
  }
  const auto *geometry = static_cast<const int64_t *>(params[2]);
  const Dims first = ShapeOf(ndims, shapes, 0), second = ShapeOf(ndims, shapes, 1);
  const Dims output = ShapeOf(ndims, shapes, out);
  // The shapes of the forward convolution: x (N,C,H,W), w (O,C,KH,KW), y (N,O,OH,OW).
  const Dims &x = kind == Kind::kBackwardData ? output : first;
  const Dims &w = kind == Kind::kBackwardWeights ? output : second;
  const Dims &y = kind == Kind::kForward ? output : (kind == Kind::kBackwardData ? first : second);
  const std::vector<void *> data = {params[0], params[1], params[out]};
  std::string key = std::to_string(static_cast<int>(kind));
  for (const Dims *dims : {&x, &w, &y})
    for (int64_t d : *dims) key += "," + std::to_string(d);
  for (int i = 0; i < 4; ++i) key += ";" + std::to_string(geometry[i]);
  std::lock_guard<std::mutex> lock(KernelMutex());
  static std::map<std::string, std::unique_ptr<Plan>> plans;
  try {
    auto found = plans.find(key);
    if (found == plans.end()) found = plans.emplace(key, MakePlan(kind, x, w, y, geometry)).first;
    Execute(*found->second, data);
  } catch (const std::exception &error) {
    std::fprintf(stderr, "oneDNN convolution kernel (%s): %s\n", key.c_str(), error.what());
    return 1;
  }
  return 0;
}

}  // namespace

extern "C" int ConvForward(int nparam, void **params, int *ndims, int64_t **shapes, const char **dtypes,
                           void *, void *) {
  return Run(Kind::kForward, nparam, params, ndims, shapes, dtypes);
}

extern "C" int ConvBackwardData(int nparam, void **params, int *ndims, int64_t **shapes, const char **dtypes,
                                void *, void *) {
  return Run(Kind::kBackwardData, nparam, params, ndims, shapes, dtypes);
}

extern "C" int ConvBackwardWeights(int nparam, void **params, int *ndims, int64_t **shapes,
                                   const char **dtypes, void *, void *) {
  return Run(Kind::kBackwardWeights, nparam, params, ndims, shapes, dtypes);
}
