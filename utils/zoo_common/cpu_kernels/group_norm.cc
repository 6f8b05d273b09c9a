// GroupNorm forward and backward for MindSpore CPU custom ("aot") operators: a few passes over each
// group (which fits in cache), parallel over (sample, group); MindSpore 2.10's own CPU GroupNorm kernels are several times slower.
//
//   GroupNormForward(x (N,C,...), gamma (C), beta (C), eps float32 [1]) -> y (N,C,...), mean (N,G), rstd (N,G)
//   GroupNormBackward(dy, x, mean, rstd, gamma) -> dx (N,C,...), dgamma (C), dbeta (C)
// The number of groups G is the second dimension of mean; the variance is the biased one, as nn.GroupNorm.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <new>
#include <vector>

#include "float_check.h"
#include "worker_pool.h"

namespace {

struct Layout {
  int64_t batch, channels, groups, plane;  // plane: elements per channel (H*W)
  int64_t per_group() const { return channels / groups; }
};

Layout LayoutOf(const int *ndims, int64_t **shapes, int x_index, int mean_index) {
  Layout layout{shapes[x_index][0], shapes[x_index][1], shapes[mean_index][1], 1};
  for (int d = 2; d < ndims[x_index]; ++d) layout.plane *= shapes[x_index][d];
  return layout;
}

}  // namespace

extern "C" int GroupNormForward(int nparam, void **params, int *ndims, int64_t **shapes, const char **dtypes,
                                void *, void *) {
  if (nparam != 7 || !CheckFloat(nparam, dtypes, "GroupNormForward")) return 1;
  const Layout layout = LayoutOf(ndims, shapes, 0, 5);
  if (layout.groups <= 0 || layout.channels % layout.groups != 0) return 1;
  const auto *x = static_cast<const float *>(params[0]);
  const auto *gamma = static_cast<const float *>(params[1]);
  const auto *beta = static_cast<const float *>(params[2]);
  const float eps = *static_cast<const float *>(params[3]);
  auto *y = static_cast<float *>(params[4]);
  auto *mean_out = static_cast<float *>(params[5]);
  auto *rstd_out = static_cast<float *>(params[6]);
  const int64_t items = layout.batch * layout.groups, group_size = layout.per_group() * layout.plane;
  zoo::GetWorkerPool().parallel_for(zoo::GetWorkerPool().get_num_threads(), [&](int thread, int threads) {
    for (int64_t item = thread; item < items; item += threads) {
      const float *src = x + item * group_size;
      // Two passes (mean, then centred squares): exact enough even where |mean| >> std.
      double sum = 0.0;
      for (int64_t c = 0; c < layout.per_group(); ++c) {
        const float *row = src + c * layout.plane;
        float row_sum = 0.f;
#pragma omp simd reduction(+ : row_sum)
        for (int64_t i = 0; i < layout.plane; ++i) row_sum += row[i];
        sum += row_sum;
      }
      const float mean = static_cast<float>(sum / group_size);
      double squares = 0.0;
      for (int64_t c = 0; c < layout.per_group(); ++c) {
        const float *row = src + c * layout.plane;
        float row_squares = 0.f;
#pragma omp simd reduction(+ : row_squares)
        for (int64_t i = 0; i < layout.plane; ++i) row_squares += (row[i] - mean) * (row[i] - mean);
        squares += row_squares;
      }
      const float rstd = static_cast<float>(1.0 / std::sqrt(squares / group_size + eps));
      mean_out[item] = mean;
      rstd_out[item] = rstd;
      const int64_t first_channel = (item % layout.groups) * layout.per_group();
      float *dst = y + item * group_size;
      for (int64_t c = 0; c < layout.per_group(); ++c) {
        const float scale = rstd * gamma[first_channel + c];
        const float shift = beta[first_channel + c] - mean * scale;
        const float *row = src + c * layout.plane;
        float *out = dst + c * layout.plane;
#pragma omp simd
        for (int64_t i = 0; i < layout.plane; ++i) out[i] = row[i] * scale + shift;
      }
    }
  });
  return 0;
}

extern "C" int GroupNormBackward(int nparam, void **params, int *ndims, int64_t **shapes, const char **dtypes,
                                 void *, void *) {
  if (nparam != 8 || !CheckFloat(nparam, dtypes, "GroupNormBackward")) return 1;
  const Layout layout = LayoutOf(ndims, shapes, 1, 2);
  if (layout.groups <= 0 || layout.channels % layout.groups != 0) return 1;
  const auto *dy = static_cast<const float *>(params[0]);
  const auto *x = static_cast<const float *>(params[1]);
  const auto *mean = static_cast<const float *>(params[2]);
  const auto *rstd = static_cast<const float *>(params[3]);
  const auto *gamma = static_cast<const float *>(params[4]);
  auto *dx = static_cast<float *>(params[5]);
  auto *dgamma = static_cast<float *>(params[6]);
  auto *dbeta = static_cast<float *>(params[7]);
  const int64_t items = layout.batch * layout.groups, group_size = layout.per_group() * layout.plane;
  // Per (sample, channel): sum(dy) and sum(dy * xhat); reduced over the batch at the end, in order.
  std::vector<float> dy_sums, dy_xhat_sums;
  try {
    dy_sums.resize(layout.batch * layout.channels);
    dy_xhat_sums.resize(layout.batch * layout.channels);
  } catch (const std::bad_alloc &) {
    std::fprintf(stderr, "GroupNormBackward: out of memory\n");
    return 1;
  }
  zoo::GetWorkerPool().parallel_for(zoo::GetWorkerPool().get_num_threads(), [&](int thread, int threads) {
    for (int64_t item = thread; item < items; item += threads) {
      const int64_t offset = item * group_size;
      const int64_t first_channel = (item % layout.groups) * layout.per_group();
      const float group_mean = mean[item], group_rstd = rstd[item];
      double gamma_dy = 0.0, gamma_dy_xhat = 0.0;
      for (int64_t c = 0; c < layout.per_group(); ++c) {
        const float *dy_row = dy + offset + c * layout.plane;
        const float *x_row = x + offset + c * layout.plane;
        float row_dy = 0.f, row_dy_x = 0.f;
#pragma omp simd reduction(+ : row_dy, row_dy_x)
        for (int64_t i = 0; i < layout.plane; ++i) {
          row_dy += dy_row[i];
          row_dy_x += dy_row[i] * x_row[i];
        }
        const float dy_xhat = (row_dy_x - group_mean * row_dy) * group_rstd;
        const int64_t index = item / layout.groups * layout.channels + first_channel + c;
        dy_sums[index] = row_dy;
        dy_xhat_sums[index] = dy_xhat;
        gamma_dy += static_cast<double>(gamma[first_channel + c]) * row_dy;
        gamma_dy_xhat += static_cast<double>(gamma[first_channel + c]) * dy_xhat;
      }
      // dx = rstd * (gamma * dy - mean(gamma * dy) - xhat * mean(gamma * dy * xhat))
      const float mean_gamma_dy = static_cast<float>(gamma_dy / group_size);
      const float mean_gamma_dy_xhat = static_cast<float>(gamma_dy_xhat / group_size);
      for (int64_t c = 0; c < layout.per_group(); ++c) {
        const float *dy_row = dy + offset + c * layout.plane;
        const float *x_row = x + offset + c * layout.plane;
        float *dx_row = dx + offset + c * layout.plane;
        const float g = gamma[first_channel + c];
#pragma omp simd
        for (int64_t i = 0; i < layout.plane; ++i) {
          const float xhat = (x_row[i] - group_mean) * group_rstd;
          dx_row[i] = group_rstd * (g * dy_row[i] - mean_gamma_dy - xhat * mean_gamma_dy_xhat);
        }
      }
    }
  });
  for (int64_t c = 0; c < layout.channels; ++c) {
    double gamma_sum = 0.0, beta_sum = 0.0;
    for (int64_t n = 0; n < layout.batch; ++n) {
      gamma_sum += dy_xhat_sums[n * layout.channels + c];
      beta_sum += dy_sums[n * layout.channels + c];
    }
    dgamma[c] = static_cast<float>(gamma_sum);
    dbeta[c] = static_cast<float>(beta_sum);
  }
  return 0;
}
