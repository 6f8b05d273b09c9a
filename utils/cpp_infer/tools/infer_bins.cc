// Generic runner: any model, one directory of .bin files per model input, outputs written as .bin.
//   infer_bins --model_path=m.onnx --input_dir=in/x --input_dir=in/y --result_path=out
#include <iostream>
#include <string>
#include <vector>

#include "cpp_infer/backend.h"
#include "cpp_infer/bin_runner.h"
#include "cpp_infer/error.h"
#include "cpp_infer/flags.h"

int main(int argc, char **argv) {
  std::string model_path;
  std::vector<std::string> input_dirs;
  std::string device_target = "CPU";
  int device_id = 0;
  cpp_infer::BinRunOptions run;
  std::string time_file;
  bool show_inputs = false;

  cpp_infer::FlagParser flags(std::string("Runs a model on directories of .bin tensors (backend: ") +
                              cpp_infer::LinkedBackendName() + ").");
  flags.AddString("model_path", &model_path, "model file (.onnx/.pb for openvino, .mindir for mindspore)", true);
  flags.AddStringList("input_dir", &input_dirs, "directory of .bin files for the next model input", false);
  flags.AddString("device_target", &device_target, "Ascend310, Ascend310P, Ascend, GPU or CPU");
  flags.AddInt("device_id", &device_id, "device number on the target");
  flags.AddString("result_path", &run.result_dir, "directory receiving <input stem>_<k>.bin per output k");
  flags.AddInt("warmup", &run.warmup, "untimed runs before timing");
  flags.AddInt("repeat", &run.repeat, "timed runs per input set");
  flags.AddString("time_file", &time_file, "also write the latency line to this file");
  flags.AddBool("show_inputs", &show_inputs, "print the model inputs (name dtype shape bytes) and exit");
  return cpp_infer::ReportErrors([&] {
    if (!flags.Parse(argc, argv)) return;
    cpp_infer::BackendOptions options{model_path, cpp_infer::ParseDeviceTarget(device_target), device_id};
    auto backend = cpp_infer::CreateBackend(options);
    if (show_inputs) {
      for (const auto &spec : backend->Inputs()) std::cout << cpp_infer::DescribeSpec(spec) << "\n";
      return;
    }
    run.input_dirs = input_dirs;
    const cpp_infer::BinRunReport report = cpp_infer::RunOnBinDirectories(backend.get(), run);
    std::cout << "wrote " << report.output_files.size() << " output files for " << report.input_sets
              << " input sets to " << run.result_dir << "\n"
              << cpp_infer::FormatLatency(report.latency) << "\n";
    if (!time_file.empty()) cpp_infer::WriteLatencyReport(time_file, report.latency);
  });
}
