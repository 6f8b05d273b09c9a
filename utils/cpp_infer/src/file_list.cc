#include "cpp_infer/file_list.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "cpp_infer/error.h"

namespace cpp_infer {
namespace {

struct DirCloser {
  void operator()(DIR *dir) const { closedir(dir); }
};

bool HasSuffix(const std::string &name, const std::string &suffix) {
  if (suffix.empty()) return true;
  return name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool IsDirectory(const std::string &path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

// d_type is a hint: DT_UNKNOWN (some filesystems) and DT_LNK need a stat of the target.
bool IsRegularEntry(const std::string &path, unsigned char type) {
  if (type == DT_REG) return true;
  if (type != DT_UNKNOWN && type != DT_LNK) return false;
  struct stat info {};
  return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

}  // namespace

std::vector<std::string> ListFiles(const std::string &dir, const std::string &suffix) {
  if (!IsDirectory(dir)) throw Error("input directory " + dir + " does not exist or is not a directory");
  std::unique_ptr<DIR, DirCloser> handle(opendir(dir.c_str()));
  if (!handle) throw Error("cannot open directory " + dir + " (" + std::strerror(errno) + ")");
  std::vector<std::string> names;
  while (const dirent *entry = readdir(handle.get())) {
    const std::string name = entry->d_name;
    if (name == "." || name == ".." || !HasSuffix(name, suffix)) continue;
    if (IsRegularEntry(dir + "/" + name, entry->d_type)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  std::vector<std::string> paths;
  paths.reserve(names.size());
  for (const auto &name : names) paths.push_back(dir + "/" + name);
  return paths;
}

void MakeDirectories(const std::string &path) {
  if (path.empty()) throw Error("empty directory path");
  for (size_t pos = path.find('/', 1);; pos = path.find('/', pos + 1)) {
    const std::string prefix = path.substr(0, pos);
    if (!IsDirectory(prefix) && mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) {
      throw Error("cannot create directory " + prefix + " (" + std::strerror(errno) + ")");
    }
    if (!IsDirectory(prefix)) throw Error(prefix + " exists and is not a directory");
    if (pos == std::string::npos) break;
  }
}

}  // namespace cpp_infer
