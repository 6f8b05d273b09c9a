// BatchNorm with batch statistics (training mode), forward and backward, for MindSpore CPU custom ("aot")
// operators: parallel over channels, a few passes over each channel's N planes; MindSpore 2.10's CPU
// BatchNorm kernels take 2-3x PyTorch's time on the WGAN/DCGAN critics' sizes (utils/bench/README.md).
//
//   BatchNormForward(x (N,C,...), gamma (C), beta (C), eps float32 [1]) -> y (N,C,...), mean (C), var (C)
//   BatchNormBackward(dy, x, mean, var, gamma, eps) -> dx (N,C,...), dgamma (C), dbeta (C)
// var is the biased batch variance (the one normalising x); the caller updates the running statistics.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "float_check.h"
#include "worker_pool.h"

namespace {

struct Layout {
  int64_t batch, channels, plane;  // plane: elements per channel and sample (H*W)
};

Layout LayoutOf(const int *ndims, int64_t **shapes) {
  Layout layout{shapes[0][0], shapes[0][1], 1};
  for (int d = 2; d < ndims[0]; ++d) layout.plane *= shapes[0][d];
  return layout;
}

template <typename Body>
void ForEachChannel(int64_t channels, const Body &body) {
  zoo::WorkerPool &pool = zoo::GetWorkerPool();
  const int threads = static_cast<int>(std::min<int64_t>(pool.get_num_threads(), channels));
  pool.parallel_for(threads, [&](int thread, int count) {
    for (int64_t c = thread; c < channels; c += count) body(c);
  });
}

}  // namespace

extern "C" int BatchNormForward(int nparam, void **params, int *ndims, int64_t **shapes, const char **dtypes,
                                void *, void *) {
  if (nparam != 7 || !CheckFloat(nparam, dtypes, "BatchNormForward")) return 1;
  const Layout layout = LayoutOf(ndims, shapes);
  const auto *x = static_cast<const float *>(params[0]);
  const auto *gamma = static_cast<const float *>(params[1]);
  const auto *beta = static_cast<const float *>(params[2]);
  const float eps = *static_cast<const float *>(params[3]);
  auto *y = static_cast<float *>(params[4]);
  auto *mean_out = static_cast<float *>(params[5]);
  auto *var_out = static_cast<float *>(params[6]);
  const int64_t stride = layout.channels * layout.plane, count = layout.batch * layout.plane;
  ForEachChannel(layout.channels, [&](int64_t c) {
    // Two passes (mean, then centred squares): exact enough even where |mean| >> std.
    double sum = 0.0;
    for (int64_t n = 0; n < layout.batch; ++n) {
      const float *row = x + n * stride + c * layout.plane;
      float partial = 0.f;
#pragma omp simd reduction(+ : partial)
      for (int64_t i = 0; i < layout.plane; ++i) partial += row[i];
      sum += partial;
    }
    const float mean = static_cast<float>(sum / count);
    double squares = 0.0;
    for (int64_t n = 0; n < layout.batch; ++n) {
      const float *row = x + n * stride + c * layout.plane;
      float partial = 0.f;
#pragma omp simd reduction(+ : partial)
      for (int64_t i = 0; i < layout.plane; ++i) partial += (row[i] - mean) * (row[i] - mean);
      squares += partial;
    }
    const float var = static_cast<float>(squares / count);
    const float scale = gamma[c] / std::sqrt(var + eps), shift = beta[c] - mean * scale;
    for (int64_t n = 0; n < layout.batch; ++n) {
      const float *row = x + n * stride + c * layout.plane;
      float *out = y + n * stride + c * layout.plane;
#pragma omp simd
      for (int64_t i = 0; i < layout.plane; ++i) out[i] = row[i] * scale + shift;
    }
    mean_out[c] = mean;
    var_out[c] = var;
  });
  return 0;
}

extern "C" int BatchNormBackward(int nparam, void **params, int *ndims, int64_t **shapes, const char **dtypes,
                                 void *, void *) {
  if (nparam != 9 || !CheckFloat(nparam, dtypes, "BatchNormBackward")) return 1;
  const Layout layout = LayoutOf(ndims, shapes);
  const auto *dy = static_cast<const float *>(params[0]);
  const auto *x = static_cast<const float *>(params[1]);
  const auto *mean_in = static_cast<const float *>(params[2]);
  const auto *var_in = static_cast<const float *>(params[3]);
  const auto *gamma = static_cast<const float *>(params[4]);
  const float eps = *static_cast<const float *>(params[5]);
  auto *dx = static_cast<float *>(params[6]);
  auto *dgamma = static_cast<float *>(params[7]);
  auto *dbeta = static_cast<float *>(params[8]);
  const int64_t stride = layout.channels * layout.plane, count = layout.batch * layout.plane;
  ForEachChannel(layout.channels, [&](int64_t c) {
    const float mean = mean_in[c], rstd = 1.f / std::sqrt(var_in[c] + eps);
    double dy_sum = 0.0, dy_centred = 0.0;
    for (int64_t n = 0; n < layout.batch; ++n) {
      const float *dy_row = dy + n * stride + c * layout.plane;
      const float *x_row = x + n * stride + c * layout.plane;
      float row_dy = 0.f, row_dy_x = 0.f;
#pragma omp simd reduction(+ : row_dy, row_dy_x)
      for (int64_t i = 0; i < layout.plane; ++i) {
        row_dy += dy_row[i];
        row_dy_x += dy_row[i] * (x_row[i] - mean);
      }
      dy_sum += row_dy;
      dy_centred += row_dy_x;
    }
    // dx = gamma * rstd * (dy - mean(dy) - xhat * mean(dy * xhat)), xhat = (x - mean) * rstd
    const float dy_xhat = static_cast<float>(dy_centred) * rstd;
    const float mean_dy = static_cast<float>(dy_sum / count);
    const float k = static_cast<float>(dy_centred / count) * rstd * rstd;
    const float g = gamma[c] * rstd;
    for (int64_t n = 0; n < layout.batch; ++n) {
      const float *dy_row = dy + n * stride + c * layout.plane;
      const float *x_row = x + n * stride + c * layout.plane;
      float *dx_row = dx + n * stride + c * layout.plane;
#pragma omp simd
      for (int64_t i = 0; i < layout.plane; ++i) dx_row[i] = g * (dy_row[i] - mean_dy - (x_row[i] - mean) * k);
    }
    dgamma[c] = dy_xhat;
    dbeta[c] = static_cast<float>(dy_sum);
  });
  return 0;
}
