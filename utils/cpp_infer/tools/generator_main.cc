// The C++ inference program of every generator (a model's ascend310_infer/ only builds it): runs the
// exported generator on the .bin batches that preprocess.py wrote, as the generator description beside
// them says (generator_spec.txt, from the model's src/generator_spec.py).
//   main --model_path=G.onnx --spec_file=<inputs>/generator_spec.txt --result_path=<results>
// Each input's folder is <folder of the description>/<its folder>; --input_dir (repeatable, in the
// description's order), --input<k>_path or --<input name>_path name it instead, and without --spec_file
// the description is the generator_spec.txt beside the first input folder given.
// Output k of the batch in file <name>.bin: <result_path>/<name>_<k>.bin.
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "cpp_infer/backend.h"
#include "cpp_infer/bin_runner.h"
#include "cpp_infer/error.h"
#include "cpp_infer/flags.h"
#include "cpp_infer/generator_spec.h"

namespace {

using NamedFolders = std::vector<std::pair<std::string, std::string>>;

constexpr char kSpecFile[] = "generator_spec.txt";  // utils/zoo_common/bin_io.py SPEC_FILE

std::string ParentDir(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string SpecPath(const std::string &spec_file, const std::vector<std::string> &ordered, const NamedFolders &named) {
  if (!spec_file.empty()) return spec_file;
  if (!ordered.empty()) return ParentDir(ordered.front()) + "/" + kSpecFile;
  if (!named.empty()) return ParentDir(named.front().second) + "/" + kSpecFile;
  throw cpp_infer::Error("give --spec_file (the generator_spec.txt that preprocess.py writes) or the input folders");
}

size_t InputIndex(const cpp_infer::GeneratorSpec &spec, const std::string &spec_path, const std::string &key) {
  std::string known;
  for (size_t i = 0; i < spec.inputs.size(); ++i) {
    const std::string positional = "input" + std::to_string(i);
    if (key == spec.inputs[i].name || key == positional) return i;
    known += (known.empty() ? "--" : ", --") + positional + "_path or --" + spec.inputs[i].name + "_path";
  }
  throw cpp_infer::Error("unknown flag --" + key + "_path: the generator description " + spec_path +
                         " names the input folders " + known);
}

// The folder of each described input, in the description's order.
std::vector<std::string> InputFolders(const cpp_infer::GeneratorSpec &spec, const std::string &spec_path,
                                      const std::vector<std::string> &ordered, const NamedFolders &named) {
  std::vector<std::string> folders;
  for (const auto &input : spec.inputs) folders.push_back(ParentDir(spec_path) + "/" + input.folder);
  if (!ordered.empty()) {
    if (ordered.size() != spec.inputs.size()) {
      throw cpp_infer::Error(std::to_string(ordered.size()) + " --input_dir folders given, but the generator "
                             "description " + spec_path + " has " + cpp_infer::DescribeGeneratorInputs(spec));
    }
    folders = ordered;
  }
  for (const auto &[key, folder] : named) folders[InputIndex(spec, spec_path, key)] = folder;
  return folders;
}

}  // namespace

int main(int argc, char **argv) {
  const bool on_mindspore = std::string(cpp_infer::LinkedBackendName()) == "mindspore";
  std::string model_path;
  std::string spec_file;
  std::vector<std::string> ordered_folders;
  NamedFolders named_folders;
  std::string device_target = on_mindspore ? "Ascend310" : "CPU";
  int device_id = 0;
  std::string time_file = "./time_Result/test_perform_static.txt";
  cpp_infer::BinRunOptions run;

  cpp_infer::FlagParser flags(std::string("Generator inference on .bin batches (backend: ") +
                              cpp_infer::LinkedBackendName() + ").");
  flags.AddString("model_path", &model_path,
                  "exported generator: .mindir (mindspore backend), .onnx or frozen .pb (openvino backend)", true);
  flags.AddString("spec_file", &spec_file,
                  "generator description written by preprocess.py; default: generator_spec.txt beside the first "
                  "input folder");
  flags.AddStringList("input_dir", &ordered_folders, "folder of .bin files of the next described input");
  flags.AddSuffixedFlags("_path", &named_folders,
                         "folder of .bin files of input <key>: input<k> (k-th described input) or its name");
  flags.AddString("device_target", &device_target, "Ascend310, Ascend310P, Ascend, GPU or CPU");
  flags.AddInt("device_id", &device_id, "device number");
  flags.AddString("result_path", &run.result_dir, "directory receiving <input file stem>_<k>.bin per output k");
  flags.AddString("time_file", &time_file, "latency report file");
  flags.AddInt("warmup", &run.warmup, "untimed runs before timing");
  flags.AddInt("repeat", &run.repeat, "timed runs per input batch");
  return cpp_infer::ReportErrors([&] {
    if (!flags.Parse(argc, argv)) return;
    const std::string spec_path = SpecPath(spec_file, ordered_folders, named_folders);
    const cpp_infer::GeneratorSpec spec = cpp_infer::ReadGeneratorSpec(spec_path);
    const std::vector<std::string> folders = InputFolders(spec, spec_path, ordered_folders, named_folders);
    auto backend =
        cpp_infer::CreateBackend({model_path, cpp_infer::ParseDeviceTarget(device_target), device_id});
    for (size_t index : cpp_infer::MatchGeneratorInputs(spec, backend->Inputs(), model_path)) {
      run.input_dirs.push_back(folders[index]);
    }
    const cpp_infer::BinRunReport report = cpp_infer::RunOnBinDirectories(backend.get(), run);
    cpp_infer::WriteLatencyReport(time_file, report.latency);
    std::cout << "generated " << report.input_sets << " batches of " << spec.model << " into " << run.result_dir
              << "\n"
              << cpp_infer::FormatLatency(report.latency) << "\n";
  });
}
