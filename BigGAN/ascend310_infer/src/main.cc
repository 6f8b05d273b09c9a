// BigGAN generator inference on .bin inputs written by preprocess.py.
//   input z: float32 (N,120), one file per batch in --z_path
//   input y: int32   (N,1),   the same file names in --y_path
//   output : images float32 (N,32,32,3) NHWC in [-1,1] -> <result_path>/<name>_0.bin
// The model is the frozen BigGAN .pb or its ONNX export (openvino backend); on Ascend 310 the .pb is
// converted to .om with ATC and run with msame (see the README).
#include <iostream>
#include <string>
#include <vector>

#include "cpp_infer/backend.h"
#include "cpp_infer/bin_runner.h"
#include "cpp_infer/error.h"
#include "cpp_infer/flags.h"

namespace {

// The model's input order (frameworks do not all keep z before y): the directory for each input.
std::vector<std::string> InputDirsInModelOrder(const cpp_infer::Backend &backend, const std::string &model_path,
                                               int64_t z_dim, const std::string &z_dir, const std::string &y_dir) {
  std::vector<std::string> dirs;
  bool has_z = false, has_y = false;
  for (const auto &spec : backend.Inputs()) {
    const bool is_z = spec.name.rfind("z", 0) == 0 && spec.dtype == cpp_infer::DataType::kFloat32 &&
                      spec.shape.size() == 2 && spec.shape[1] == z_dim;
    const bool is_y = spec.name.rfind("y", 0) == 0 && spec.dtype == cpp_infer::DataType::kInt32 &&
                      spec.shape.size() == 2 && spec.shape[1] == 1;
    if (is_z && !has_z) {
      dirs.push_back(z_dir);
      has_z = true;
    } else if (is_y && !has_y) {
      dirs.push_back(y_dir);
      has_y = true;
    }
  }
  if (has_z && has_y && backend.Inputs().size() == 2) return dirs;
  throw cpp_infer::Error("model " + model_path + " is not a BigGAN generator: expected inputs z float32 (N," +
                         std::to_string(z_dim) + ") and y int32 (N,1), found " +
                         cpp_infer::DescribeSpecs(backend.Inputs()));
}

}  // namespace

int main(int argc, char **argv) {
  std::string model_path;
  std::string z_dir;
  std::string y_dir;
  std::string device_target = "CPU";
  int device_id = 0;
  int z_dim = 120;
  std::string time_file = "./time_Result/test_perform_static.txt";
  cpp_infer::BinRunOptions run;

  cpp_infer::FlagParser flags(std::string("BigGAN generator inference (backend: ") +
                              cpp_infer::LinkedBackendName() + ").");
  flags.AddString("model_path", &model_path, "frozen biggan_generator.pb or biggan_generator.onnx", true);
  flags.AddString("z_path", &z_dir, "directory of z .bin files, float32 (N,z_dim)", true);
  flags.AddString("y_path", &y_dir, "directory of y .bin files, int32 (N,1), same file names", true);
  flags.AddInt("z_dim", &z_dim, "latent size of the exported generator");
  flags.AddString("device_target", &device_target, "CPU (openvino) or Ascend310, Ascend310P, Ascend, GPU");
  flags.AddInt("device_id", &device_id, "device number");
  flags.AddString("result_path", &run.result_dir, "directory receiving <name>_0.bin images float32 (N,32,32,3)");
  flags.AddString("time_file", &time_file, "latency report file");
  flags.AddInt("warmup", &run.warmup, "untimed runs before timing");
  flags.AddInt("repeat", &run.repeat, "timed runs per input batch");
  return cpp_infer::ReportErrors([&] {
    if (!flags.Parse(argc, argv)) return;
    auto backend =
        cpp_infer::CreateBackend({model_path, cpp_infer::ParseDeviceTarget(device_target), device_id});
    run.input_dirs = InputDirsInModelOrder(*backend, model_path, z_dim, z_dir, y_dir);
    const cpp_infer::BinRunReport report = cpp_infer::RunOnBinDirectories(backend.get(), run);
    cpp_infer::WriteLatencyReport(time_file, report.latency);
    std::cout << "generated " << report.input_sets << " batches into " << run.result_dir << "\n"
              << cpp_infer::FormatLatency(report.latency) << "\n";
  });
}
