// LeakyReLU forward and backward for MindSpore CPU custom ("aot") operators: one pass each, instead of the
// five element-wise kernels of relu(x) - alpha * relu(-x) forward and six backward.
//
//   LeakyReluForward(x, alpha float32 [1])        -> y  = x > 0 ? x : alpha * x
//   LeakyReluBackward(dy, x, alpha float32 [1])   -> dx = x > 0 ? dy : alpha * dy
// Any shape; x, y, dy and dx float32 and contiguous. The backward is linear in dy with the same mask, so it
// is its own gradient with respect to dy (second derivatives, see ms_cpu_kernels.leaky_relu_op).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "float_check.h"
#include "worker_pool.h"

namespace {

constexpr int64_t kChunk = 1 << 14;  // elements per parallel work item

int64_t SizeOf(const int *ndims, int64_t **shapes, int index) {
  int64_t size = 1;
  for (int d = 0; d < ndims[index]; ++d) size *= shapes[index][d];
  return size;
}

// Without trapping math the comparison may be evaluated for every element, so the loops become selects.
#define ZOO_SELECT_LOOP __attribute__((optimize("no-trapping-math")))

ZOO_SELECT_LOOP void Forward(const float *__restrict x, float alpha, float *__restrict y, int64_t size) {
#pragma omp simd
  for (int64_t i = 0; i < size; ++i) {
    y[i] = x[i] > 0.f ? x[i] : alpha * x[i];
  }
}

ZOO_SELECT_LOOP void Backward(const float *__restrict dy, const float *__restrict x, float alpha,
                              float *__restrict dx, int64_t size) {
#pragma omp simd
  for (int64_t i = 0; i < size; ++i) {
    dx[i] = x[i] > 0.f ? dy[i] : alpha * dy[i];
  }
}

// body(begin, end) over [0, size) in chunks, on the shared worker pool.
template <typename Body>
void ParallelChunks(int64_t size, const Body &body) {
  const int64_t chunks = (size + kChunk - 1) / kChunk;
  zoo::WorkerPool &pool = zoo::GetWorkerPool();
  const int threads = static_cast<int>(std::min<int64_t>(pool.get_num_threads(), chunks));
  pool.parallel_for(threads, [&](int thread, int count) {
    for (int64_t chunk = thread; chunk < chunks; chunk += count) {
      body(chunk * kChunk, std::min(size, (chunk + 1) * kChunk));
    }
  });
}

}  // namespace

extern "C" int LeakyReluForward(int nparam, void **params, int *ndims, int64_t **shapes, const char **dtypes,
                                void *, void *) {
  if (nparam != 3 || !CheckFloat(nparam, dtypes, "LeakyReluForward")) return 1;
  const auto *x = static_cast<const float *>(params[0]);
  const float alpha = *static_cast<const float *>(params[1]);
  auto *y = static_cast<float *>(params[2]);
  ParallelChunks(SizeOf(ndims, shapes, 0), [=](int64_t begin, int64_t end) {
    Forward(x + begin, alpha, y + begin, end - begin);
  });
  return 0;
}

extern "C" int LeakyReluBackward(int nparam, void **params, int *ndims, int64_t **shapes, const char **dtypes,
                                 void *, void *) {
  if (nparam != 4 || !CheckFloat(nparam, dtypes, "LeakyReluBackward")) return 1;
  if (SizeOf(ndims, shapes, 0) != SizeOf(ndims, shapes, 1)) {
    std::fprintf(stderr, "LeakyReluBackward: dy and x differ in size\n");
    return 1;
  }
  const auto *dy = static_cast<const float *>(params[0]);
  const auto *x = static_cast<const float *>(params[1]);
  const float alpha = *static_cast<const float *>(params[2]);
  auto *dx = static_cast<float *>(params[3]);
  ParallelChunks(SizeOf(ndims, shapes, 0), [=](int64_t begin, int64_t end) {
    Backward(dy + begin, x + begin, alpha, dx + begin, end - begin);
  });
  return 0;
}
