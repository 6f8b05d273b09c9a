// The element-wise kernels' check of their tensors' dtypes (MindSpore "aot" custom operators pass them as
// strings): one stderr line naming the kernel and the tensor, and false, unless every one is float32.
#ifndef ZOO_CPU_KERNELS_FLOAT_CHECK_H_
#define ZOO_CPU_KERNELS_FLOAT_CHECK_H_

#include <cstdio>
#include <cstring>

inline bool CheckFloat(int count, const char **dtypes, const char *kernel) {
  for (int i = 0; i < count; ++i) {
    if (std::strcmp(dtypes[i], "float32") != 0) {
      std::fprintf(stderr, "%s: tensor %d is %s, expected float32\n", kernel, i, dtypes[i]);
      return false;
    }
  }
  return true;
}

#endif  // ZOO_CPU_KERNELS_FLOAT_CHECK_H_
