// CGAN generator inference on .bin inputs written by preprocess.py.
//   input 0: noise  float32 (N,100), one file per batch in --input0_path
//   input 1: labels int32   (N,),    the same file names in --input1_path
//   output : images float32 (N,1,32,32) in [0,1] -> <result_path>/<name>_0.bin
#include <iostream>
#include <string>

#include "cpp_infer/backend.h"
#include "cpp_infer/bin_runner.h"
#include "cpp_infer/error.h"
#include "cpp_infer/flags.h"

namespace {

constexpr int64_t kNoiseDim = 100;

void CheckGeneratorInputs(const cpp_infer::Backend &backend, const std::string &model_path) {
  const auto &inputs = backend.Inputs();
  const bool ok = inputs.size() == 2 && inputs[0].dtype == cpp_infer::DataType::kFloat32 &&
                  inputs[0].shape.size() == 2 && inputs[0].shape[1] == kNoiseDim &&
                  inputs[1].dtype == cpp_infer::DataType::kInt32 && inputs[1].shape.size() == 1;
  if (ok) return;
  throw cpp_infer::Error("model " + model_path +
                         " is not a CGAN generator: expected inputs noise float32 (N,100) and labels int32 (N,), "
                         "found " + cpp_infer::DescribeSpecs(inputs));
}

}  // namespace

int main(int argc, char **argv) {
  const bool on_mindspore = std::string(cpp_infer::LinkedBackendName()) == "mindspore";
  std::string model_path;
  std::string noise_dir;
  std::string label_dir;
  std::string device_target = on_mindspore ? "Ascend310" : "CPU";
  int device_id = 0;
  std::string time_file = "./time_Result/test_perform_static.txt";
  cpp_infer::BinRunOptions run;

  cpp_infer::FlagParser flags(std::string("CGAN generator inference (backend: ") + cpp_infer::LinkedBackendName() +
                              ").");
  flags.AddString("model_path", &model_path, "CGAN.mindir (mindspore backend) or CGAN.onnx (openvino backend)", true);
  flags.AddString("input0_path", &noise_dir, "directory of noise .bin files, float32 (N,100)", true);
  flags.AddString("input1_path", &label_dir, "directory of label .bin files, int32 (N,), same file names", true);
  flags.AddString("device_target", &device_target, "Ascend310, Ascend310P, Ascend, GPU or CPU");
  flags.AddInt("device_id", &device_id, "device number");
  flags.AddString("result_path", &run.result_dir, "directory receiving <name>_0.bin images float32 (N,1,32,32)");
  flags.AddString("time_file", &time_file, "latency report file");
  flags.AddInt("warmup", &run.warmup, "untimed runs before timing");
  flags.AddInt("repeat", &run.repeat, "timed runs per input batch");
  return cpp_infer::ReportErrors([&] {
    if (!flags.Parse(argc, argv)) return;
    auto backend =
        cpp_infer::CreateBackend({model_path, cpp_infer::ParseDeviceTarget(device_target), device_id});
    CheckGeneratorInputs(*backend, model_path);
    run.input_dirs = {noise_dir, label_dir};
    const cpp_infer::BinRunReport report = cpp_infer::RunOnBinDirectories(backend.get(), run);
    cpp_infer::WriteLatencyReport(time_file, report.latency);
    std::cout << "generated " << report.input_sets << " batches into " << run.result_dir << "\n"
              << cpp_infer::FormatLatency(report.latency) << "\n";
  });
}
