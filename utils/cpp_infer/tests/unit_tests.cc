// Unit tests of the backend-independent parts. Usage: cpp_infer_unit_tests <empty scratch dir>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <functional>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "cpp_infer/backend.h"
#include "cpp_infer/bin_file.h"
#include "cpp_infer/error.h"
#include "cpp_infer/file_list.h"
#include "cpp_infer/flags.h"
#include "cpp_infer/generator_spec.h"
#include "cpp_infer/tensor.h"
#include "cpp_infer/timing.h"

namespace {

int failures = 0;

void Check(bool ok, const std::string &what) {
  if (!ok) {
    ++failures;
    std::cerr << "FAILED: " << what << "\n";
  }
}

// Runs `body`, which must throw cpp_infer::Error whose message contains `fragment`.
void CheckError(const std::function<void()> &body, const std::string &fragment, const std::string &what) {
  try {
    body();
    Check(false, what + " (no error)");
  } catch (const cpp_infer::Error &e) {
    Check(std::string(e.what()).find(fragment) != std::string::npos,
          what + " (message '" + e.what() + "' lacks '" + fragment + "')");
  }
}

bool ParseArgs(cpp_infer::FlagParser *flags, const std::vector<const char *> &args) {
  std::vector<const char *> argv = {"prog"};
  argv.insert(argv.end(), args.begin(), args.end());
  return flags->Parse(static_cast<int>(argv.size()), argv.data());
}

void TestFlags() {
  std::string model = "default";
  int id = 3;
  bool verbose = false;
  std::vector<std::string> dirs;
  auto make = [&]() {
    model = "default";
    id = 3;
    verbose = false;
    dirs.clear();
    cpp_infer::FlagParser flags("test");
    flags.AddString("model_path", &model, "model");
    flags.AddInt("device_id", &id, "id");
    flags.AddBool("verbose", &verbose, "v");
    flags.AddStringList("input_dir", &dirs, "dirs");
    return flags;
  };
  auto flags = make();
  Check(ParseArgs(&flags, {"--model_path=a=b", "--device_id", "7", "--verbose", "--input_dir", "x", "--input_dir=y"}),
        "flags parse");
  Check(model == "a=b" && id == 7 && verbose && dirs == std::vector<std::string>{"x", "y"}, "flag values");
  flags = make();
  Check(ParseArgs(&flags, {}) && model == "default" && id == 3 && !verbose, "flag defaults");
  flags = make();
  Check(ParseArgs(&flags, {"--verbose=false", "--device_id=-2"}) && !verbose && id == -2, "explicit bool, negative int");
  flags = make();
  Check(!ParseArgs(&flags, {"--help"}), "--help stops");
  flags = make();
  CheckError([&] { ParseArgs(&flags, {"--modelpath=x"}); }, "unknown flag --modelpath", "unknown flag");
  flags = make();
  CheckError([&] { ParseArgs(&flags, {"--device_id=1x"}); }, "expects an integer", "bad int");
  flags = make();
  CheckError([&] { ParseArgs(&flags, {"--device_id=99999999999"}); }, "expects an integer", "int overflow");
  flags = make();
  CheckError([&] { ParseArgs(&flags, {"--verbose=yes"}); }, "true or false", "bad bool");
  flags = make();
  CheckError([&] { ParseArgs(&flags, {"--model_path"}); }, "expects a value", "missing value");
  flags = make();
  CheckError([&] { ParseArgs(&flags, {"--device_id=1", "--device_id=2"}); }, "more than once", "repeated flag");
  flags = make();
  CheckError([&] { ParseArgs(&flags, {"stray"}); }, "unexpected argument 'stray'", "positional");
  std::string required;
  cpp_infer::FlagParser strict("test");
  strict.AddString("must", &required, "required flag", true);
  CheckError([&] { ParseArgs(&strict, {}); }, "missing required flag --must", "required flag");

  std::vector<std::pair<std::string, std::string>> named;
  std::string result = "r";
  cpp_infer::FlagParser suffixed("test");
  suffixed.AddString("result_path", &result, "registered by name");
  suffixed.AddSuffixedFlags("_path", &named, "input folders");
  Check(ParseArgs(&suffixed, {"--z_path", "a", "--result_path=out", "--input1_path=b"}), "suffixed flags parse");
  Check(result == "out" && named == std::vector<std::pair<std::string, std::string>>{{"z", "a"}, {"input1", "b"}},
        "suffixed flag values, registered names first");
  CheckError([&] { ParseArgs(&suffixed, {"--zpath=x"}); }, "unknown flag --zpath", "no suffix");
  CheckError([&] { ParseArgs(&suffixed, {"--y_path"}); }, "expects a value", "suffixed flag without value");
}

void TestGeneratorSpec() {
  const std::string text =
      "# comment\nmodel CGAN\ninput noise float32 N,100 latent_code\n\ninput labels int32 N label\n"
      "output images float32 N,1,32,32 NCHW 0,1\n";
  const cpp_infer::GeneratorSpec spec = cpp_infer::ParseGeneratorSpec(text, "g.txt");
  Check(spec.model == "CGAN" && spec.inputs.size() == 2 && spec.inputs[1].folder == "label", "spec parsed");
  Check(spec.inputs[0].sample_shape == std::vector<int64_t>{100} && spec.inputs[1].sample_shape.empty() &&
            spec.inputs[1].dtype == cpp_infer::DataType::kInt32 && spec.output.layout == "NCHW",
        "spec shapes and types");
  Check(cpp_infer::DescribeGeneratorInputs(spec) == "inputs noise float32 (N,100) and labels int32 (N,)",
        "describe generator inputs");
  using cpp_infer::DataType;
  const cpp_infer::TensorSpec noise{"noise", DataType::kFloat32, {-1, 100}, 0};
  const cpp_infer::TensorSpec labels{"labels:0", DataType::kInt32, {-1}, 0};
  Check(cpp_infer::MatchGeneratorInputs(spec, {labels, noise}, "m") == std::vector<size_t>{1, 0}, "match by name");
  const cpp_infer::TensorSpec a{"a", DataType::kFloat32, {4, 100}, 1600}, b{"b", DataType::kInt32, {4}, 16};
  Check(cpp_infer::MatchGeneratorInputs(spec, {a, b}, "m") == std::vector<size_t>{0, 1}, "match by position");
  CheckError([&] { cpp_infer::MatchGeneratorInputs(spec, {b, a}, "m.onnx"); },
             "model m.onnx is not a CGAN generator: expected inputs noise float32 (N,100) and labels int32 (N,), "
             "found b int32 [4]", "wrong order without names");
  CheckError([&] { cpp_infer::MatchGeneratorInputs(spec, {noise}, "m"); }, "is not a CGAN generator", "one input");
  CheckError([&] { cpp_infer::ParseGeneratorSpec("model X\ninput z float32 N,-1 z\n", "s"); },
             "generator description s line 2: shape 'N,-1' has a dimension", "bad dim");
  CheckError([&] { cpp_infer::ParseGeneratorSpec("model X\ninput z complex N z\n", "s"); },
             "line 2: unknown dtype 'complex'", "bad dtype");
  CheckError([&] { cpp_infer::ParseGeneratorSpec("model X\ninput z float32 N z\n", "s"); },
             "lacks its model, input or output line", "no output");
  CheckError([&] { cpp_infer::ReadGeneratorSpec("/nonexistent/generator_spec.txt"); }, "does not exist",
             "missing description");
}

void TestTensor() {
  cpp_infer::TensorSpec fixed{"x", cpp_infer::DataType::kFloat32, {2, 3}, 24};
  Check(cpp_infer::ResolveSpec(fixed, 24).shape == std::vector<int64_t>{2, 3}, "static spec");
  CheckError([&] { cpp_infer::ResolveSpec(fixed, 20); }, "needs 24 bytes, got 20", "static size mismatch");
  cpp_infer::TensorSpec batch{"y", cpp_infer::DataType::kInt32, {-1, 5}, 0};
  Check(cpp_infer::ResolveSpec(batch, 60).shape == std::vector<int64_t>{3, 5}, "dynamic batch inferred");
  CheckError([&] { cpp_infer::ResolveSpec(batch, 30); }, "multiple of 20 bytes", "dynamic size mismatch");
  cpp_infer::TensorSpec two{"z", cpp_infer::DataType::kInt32, {-1, -1}, 0};
  CheckError([&] { cpp_infer::ResolveSpec(two, 16); }, "more than one dynamic", "two dynamic dims");
  Check(cpp_infer::DescribeSpec(fixed) == "x float32 [2,3] (24 bytes)", "describe spec");
  Check(cpp_infer::ParseDeviceTarget("Ascend310") == cpp_infer::DeviceTarget::kAscend310, "device target");
  CheckError([] { cpp_infer::ParseDeviceTarget("TPU"); }, "unknown device target 'TPU'", "bad device target");
}

void Touch(const std::string &path) { cpp_infer::WriteBinFile(path, "abcd", 4); }

void TestFiles(const std::string &scratch) {
  const std::string dir = scratch + "/inputs";
  cpp_infer::MakeDirectories(dir + "/nested/deeper");
  for (const char *name : {"b.bin", "a.bin", "c.bin.x.bin", "note.txt", "d.bin.txt", ".bin"}) Touch(dir + "/" + name);
  Check(symlink((dir + "/a.bin").c_str(), (dir + "/link.bin").c_str()) == 0, "symlink created");
  Check(mkdir((dir + "/sub.bin").c_str(), 0755) == 0, "directory named like a bin");
  const std::vector<std::string> expected = {dir + "/a.bin", dir + "/b.bin", dir + "/c.bin.x.bin", dir + "/link.bin"};
  Check(cpp_infer::ListFiles(dir, ".bin") == expected, "sorted .bin listing");
  Check(cpp_infer::ListFiles(dir, "").size() == 7, "listing without suffix");
  CheckError([&] { cpp_infer::ListFiles(dir + "/missing", ".bin"); }, "does not exist", "missing dir");
  CheckError([&] { cpp_infer::ListFiles(dir + "/a.bin", ".bin"); }, "not a directory", "file as dir");
  CheckError([&] { cpp_infer::MakeDirectories(dir + "/a.bin/x"); }, "not a directory", "mkdir through a file");

  std::vector<char> data = cpp_infer::ReadBinFile(dir + "/a.bin");
  Check(std::string(data.begin(), data.end()) == "abcd", "read back");
  Check(cpp_infer::RegularFileSize(dir + "/a.bin", "f") == 4, "file size");
  CheckError([&] { cpp_infer::ReadBinFile(dir + "/nope.bin"); }, "does not exist", "missing file");
  CheckError([&] { cpp_infer::ReadBinFile(dir + "/nested"); }, "not a regular file", "dir as file");
  CheckError([&] { Touch(dir + "/no_such_dir/x.bin"); }, "cannot create output file", "write into missing dir");
  Check(cpp_infer::OutputBinName("d/x/cgan_bs200.bin", 0) == "cgan_bs200_0.bin", "output name");
  Check(cpp_infer::OutputBinName("a.b.bin", 2) == "a.b_2.bin", "output name keeps inner dots");
  Check(cpp_infer::OutputBinName("plain", 1) == "plain_1.bin", "output name without suffix");
}

void TestTiming(const std::string &scratch) {
  cpp_infer::LatencyStats stats;
  for (int ms : {7, 1, 10, 4, 2, 9, 3, 6, 5, 8}) stats.Add(ms);
  const cpp_infer::LatencySummary s = stats.Summarize();
  auto near = [](double a, double b) { return std::fabs(a - b) < 1e-9; };
  Check(s.count == 10 && near(s.mean_ms, 5.5) && near(s.p50_ms, 5.5) && near(s.p90_ms, 9.1), "percentiles");
  Check(near(s.min_ms, 1) && near(s.max_ms, 10), "min max");
  cpp_infer::WriteLatencyReport(scratch + "/time_Result/perf.txt", s);
  std::vector<char> text = cpp_infer::ReadBinFile(scratch + "/time_Result/perf.txt");
  Check(std::string(text.begin(), text.end()).find("average time: 5.500 ms of infer_count 10") != std::string::npos,
        "latency report");
  cpp_infer::Stopwatch watch;
  Check(watch.ElapsedMs() >= 0, "stopwatch");
}

}  // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " <empty scratch dir>\n";
    return 2;
  }
  TestFlags();
  TestTensor();
  TestGeneratorSpec();
  TestFiles(argv[1]);
  TestTiming(argv[1]);
  if (failures > 0) {
    std::cerr << failures << " checks failed\n";
    return 1;
  }
  std::cout << "all cpp_infer unit tests passed\n";
  return 0;
}
