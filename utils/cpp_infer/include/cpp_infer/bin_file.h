#ifndef CPP_INFER_BIN_FILE_H_
#define CPP_INFER_BIN_FILE_H_

#include <cstddef>
#include <string>
#include <vector>

namespace cpp_infer {

// .bin tensors are headerless raw bytes in native little-endian order (numpy's ndarray.tofile).

// Size in bytes of a regular file; throws Error naming `what` if it is missing or not a regular file.
size_t RegularFileSize(const std::string &path, const std::string &what);

std::vector<char> ReadBinFile(const std::string &path);
void WriteBinFile(const std::string &path, const void *data, size_t size);

// Name of output `index` for an input file: "dir/a.b.bin" -> "a.b_<index>.bin" (only the last suffix is
// dropped, so inputs that differ before it never collide).
std::string OutputBinName(const std::string &input_path, size_t index);

}  // namespace cpp_infer

#endif  // CPP_INFER_BIN_FILE_H_
