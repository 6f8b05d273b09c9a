#ifndef CPP_INFER_GENERATOR_SPEC_H_
#define CPP_INFER_GENERATOR_SPEC_H_

#include <cstddef>
#include <string>
#include <vector>

#include "cpp_infer/tensor.h"

namespace cpp_infer {

// A generator's inputs and output as its model declares them (utils/zoo_common/generator_spec.py), read
// from the text file that preprocess.py writes next to the input folders (generator_spec.txt):
//   model <name>
//   input <name> <dtype> N,<per-sample dims> <folder of its .bin files>     (one line per input, in order)
//   output <name> <dtype> N,<per-sample dims> <NCHW|NHWC> <low>,<high>
// Blank lines and lines starting with '#' are ignored.
struct GeneratorTensor {
  std::string name;
  DataType dtype = DataType::kFloat32;
  std::vector<int64_t> sample_shape;  // without the batch dimension
  std::string folder;                 // inputs: folder of the .bin files, relative to the description
  std::string layout;                 // output: NCHW or NHWC
};

struct GeneratorSpec {
  std::string model;
  std::vector<GeneratorTensor> inputs;
  GeneratorTensor output;
};

GeneratorSpec ReadGeneratorSpec(const std::string &path);  // throws Error naming the file and line
GeneratorSpec ParseGeneratorSpec(const std::string &text, const std::string &source);

DataType ParseDataType(const std::string &name);  // float32, int32, ... (DataTypeName's names)

// "inputs noise float32 (N,100) and labels int32 (N,)"
std::string DescribeGeneratorInputs(const GeneratorSpec &spec);

// For each model input (in the model's order) the index of the described input it takes: by name when
// the names match (a ":0" suffix aside), else by position. Throws Error "model <path> is not a <model>
// generator: expected ..., found ..." unless every input fits in dtype and per-sample shape.
std::vector<size_t> MatchGeneratorInputs(const GeneratorSpec &spec, const std::vector<TensorSpec> &model_inputs,
                                         const std::string &model_path);

}  // namespace cpp_infer

#endif  // CPP_INFER_GENERATOR_SPEC_H_
