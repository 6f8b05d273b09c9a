#ifndef CPP_INFER_BIN_RUNNER_H_
#define CPP_INFER_BIN_RUNNER_H_

#include <string>
#include <vector>

#include "cpp_infer/backend.h"
#include "cpp_infer/timing.h"

namespace cpp_infer {

// The shared inference loop of the model programs: one directory of .bin files per model input.
// Files are paired by sorted position (name them the same in every directory). For every input set the
// outputs are written as <result_dir>/<stem of the input-0 file>_<k>.bin.
struct BinRunOptions {
  std::vector<std::string> input_dirs;  // one per model input, in model input order
  std::string result_dir = "./result_Files";
  std::string suffix = ".bin";
  int warmup = 1;  // untimed runs on the first input set
  int repeat = 1;  // timed runs per input set
};

struct BinRunReport {
  size_t input_sets = 0;
  std::vector<std::string> output_files;
  LatencySummary latency;
};

// Checks every file against the model input specs before the first run, then runs. Throws Error.
BinRunReport RunOnBinDirectories(Backend *backend, const BinRunOptions &options);

}  // namespace cpp_infer

#endif  // CPP_INFER_BIN_RUNNER_H_
