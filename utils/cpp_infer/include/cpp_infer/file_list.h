#ifndef CPP_INFER_FILE_LIST_H_
#define CPP_INFER_FILE_LIST_H_

#include <string>
#include <vector>

namespace cpp_infer {

// Regular files (symlinks to regular files included) directly inside `dir` whose names end with `suffix`
// and are longer than it, as "dir/name", sorted by name. An empty suffix keeps every regular file.
// Throws Error when `dir` is missing or not a directory.
std::vector<std::string> ListFiles(const std::string &dir, const std::string &suffix);

// mkdir -p; throws Error if a component exists and is not a directory or cannot be created.
void MakeDirectories(const std::string &path);

}  // namespace cpp_infer

#endif  // CPP_INFER_FILE_LIST_H_
