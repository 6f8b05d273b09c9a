#include "cpp_infer/bin_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "cpp_infer/error.h"

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, ".bin tensors are little-endian; this host is not");

namespace cpp_infer {
namespace {

struct FileCloser {
  void operator()(std::FILE *file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

}  // namespace

size_t RegularFileSize(const std::string &path, const std::string &what) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    throw Error(what + " " + path + " does not exist (" + std::strerror(errno) + ")");
  }
  if (!S_ISREG(info.st_mode)) throw Error(what + " " + path + " is not a regular file");
  return static_cast<size_t>(info.st_size);
}

std::vector<char> ReadBinFile(const std::string &path) {
  const size_t size = RegularFileSize(path, "input file");
  File file(std::fopen(path.c_str(), "rb"));
  if (!file) throw Error("cannot open input file " + path + " (" + std::strerror(errno) + ")");
  std::vector<char> data(size);
  if (size > 0 && std::fread(data.data(), 1, size, file.get()) != size) {
    throw Error("cannot read " + std::to_string(size) + " bytes from " + path);
  }
  return data;
}

void WriteBinFile(const std::string &path, const void *data, size_t size) {
  File file(std::fopen(path.c_str(), "wb"));
  if (!file) throw Error("cannot create output file " + path + " (" + std::strerror(errno) + ")");
  if (size > 0 && std::fwrite(data, 1, size, file.get()) != size) {
    throw Error("short write to output file " + path);
  }
  if (std::fclose(file.release()) != 0) throw Error("cannot close output file " + path);
}

std::string OutputBinName(const std::string &input_path, size_t index) {
  const size_t slash = input_path.find_last_of('/');
  std::string stem = slash == std::string::npos ? input_path : input_path.substr(slash + 1);
  const size_t dot = stem.find_last_of('.');
  if (dot != std::string::npos && dot > 0) stem.erase(dot);
  return stem + "_" + std::to_string(index) + ".bin";
}

}  // namespace cpp_infer
