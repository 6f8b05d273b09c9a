#include "cpp_infer/bin_runner.h"

#include "cpp_infer/bin_file.h"
#include "cpp_infer/error.h"
#include "cpp_infer/file_list.h"

namespace cpp_infer {
namespace {

using InputSet = std::vector<std::string>;  // one file per model input

TensorSpec ResolveFileSpec(const TensorSpec &spec, const std::string &path, size_t byte_count) {
  try {
    return ResolveSpec(spec, byte_count);
  } catch (const Error &e) {
    throw Error(path + ": " + e.what());
  }
}

std::vector<InputSet> PairInputFiles(const std::vector<TensorSpec> &specs, const BinRunOptions &options) {
  if (options.input_dirs.size() != specs.size()) {
    std::string names;
    for (const auto &spec : specs) names += (names.empty() ? "" : ", ") + spec.name;
    throw Error("the model has " + std::to_string(specs.size()) + " inputs (" + names + ") but " +
                std::to_string(options.input_dirs.size()) + " input directories were given");
  }
  std::vector<std::vector<std::string>> listings;
  for (const auto &dir : options.input_dirs) {
    listings.push_back(ListFiles(dir, options.suffix));
    if (listings.back().empty()) throw Error("input directory " + dir + " has no *" + options.suffix + " files");
    if (listings.back().size() != listings.front().size()) {
      throw Error("input directory " + dir + " has " + std::to_string(listings.back().size()) + " files but " +
                  options.input_dirs.front() + " has " + std::to_string(listings.front().size()));
    }
  }
  std::vector<InputSet> sets(listings.front().size());
  for (size_t k = 0; k < sets.size(); ++k) {
    for (size_t i = 0; i < listings.size(); ++i) {
      const std::string &path = listings[i][k];
      ResolveFileSpec(specs[i], path, RegularFileSize(path, "input file"));
      sets[k].push_back(path);
    }
  }
  return sets;
}

std::vector<HostTensor> LoadInputSet(const std::vector<TensorSpec> &specs, const InputSet &files) {
  std::vector<HostTensor> tensors(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    tensors[i].data = ReadBinFile(files[i]);
    tensors[i].spec = ResolveFileSpec(specs[i], files[i], tensors[i].data.size());
  }
  return tensors;
}

}  // namespace

BinRunReport RunOnBinDirectories(Backend *backend, const BinRunOptions &options) {
  if (options.warmup < 0 || options.repeat < 1) throw Error("warm-up must be >= 0 and repeat >= 1");
  const std::vector<TensorSpec> &specs = backend->Inputs();
  const std::vector<InputSet> sets = PairInputFiles(specs, options);
  MakeDirectories(options.result_dir);

  BinRunReport report;
  LatencyStats stats;
  for (size_t k = 0; k < sets.size(); ++k) {
    const std::vector<HostTensor> inputs = LoadInputSet(specs, sets[k]);
    if (k == 0) {
      for (int i = 0; i < options.warmup; ++i) backend->Run(inputs);
    }
    std::vector<HostTensor> outputs;
    for (int r = 0; r < options.repeat; ++r) {
      Stopwatch watch;
      outputs = backend->Run(inputs);
      stats.Add(watch.ElapsedMs());
    }
    for (size_t j = 0; j < outputs.size(); ++j) {
      const std::string path = options.result_dir + "/" + OutputBinName(sets[k].front(), j);
      WriteBinFile(path, outputs[j].data.data(), outputs[j].data.size());
      report.output_files.push_back(path);
    }
  }
  report.input_sets = sets.size();
  report.latency = stats.Summarize();
  return report;
}

}  // namespace cpp_infer
