#include "cpp_infer/generator_spec.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cpp_infer/error.h"

namespace cpp_infer {
namespace {

constexpr DataType kAllTypes[] = {DataType::kFloat32, DataType::kFloat16, DataType::kBFloat16, DataType::kFloat64,
                                  DataType::kInt8,    DataType::kInt16,   DataType::kInt32,    DataType::kInt64,
                                  DataType::kUInt8,   DataType::kBool};

// "N,100" -> {100}; "N" -> {}.
std::vector<int64_t> ParseSampleShape(const std::string &text, const std::string &where) {
  std::vector<int64_t> dims;
  std::stringstream in(text);
  std::string item;
  bool first = true;
  while (std::getline(in, item, ',')) {
    if (first) {
      if (item != "N") throw Error(where + ": shape '" + text + "' must start with the batch dimension N");
      first = false;
      continue;
    }
    char *end = nullptr;
    const long long dim = std::strtoll(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || dim <= 0) {
      throw Error(where + ": shape '" + text + "' has a dimension that is not a positive integer");
    }
    dims.push_back(dim);
  }
  if (first) throw Error(where + ": empty shape");
  return dims;
}

std::string SampleDims(const std::vector<int64_t> &dims) {
  std::string text = "(N";
  for (int64_t dim : dims) text += "," + std::to_string(dim);
  return text + (dims.empty() ? ",)" : ")");
}

std::string BaseName(const std::string &name) {
  const size_t colon = name.find_last_of(':');
  if (colon == std::string::npos || colon + 1 == name.size()) return name;
  const bool digits = std::all_of(name.begin() + colon + 1, name.end(), [](char c) { return c >= '0' && c <= '9'; });
  return digits ? name.substr(0, colon) : name;
}

bool Fits(const TensorSpec &found, const GeneratorTensor &want) {
  if (found.dtype != want.dtype || found.shape.size() != want.sample_shape.size() + 1) return false;
  for (size_t i = 0; i < want.sample_shape.size(); ++i) {
    if (found.shape[i + 1] >= 0 && found.shape[i + 1] != want.sample_shape[i]) return false;
  }
  return true;
}

}  // namespace

DataType ParseDataType(const std::string &name) {
  for (DataType type : kAllTypes) {
    if (name == DataTypeName(type)) return type;
  }
  throw Error("unknown dtype '" + name + "'");
}

GeneratorSpec ParseGeneratorSpec(const std::string &text, const std::string &source) {
  GeneratorSpec spec;
  bool has_output = false;
  std::stringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    const std::string where = "generator description " + source + " line " + std::to_string(number);
    std::stringstream in(line);
    std::string kind;
    if (!(in >> kind) || kind[0] == '#') continue;
    std::vector<std::string> fields;
    for (std::string field; in >> field;) fields.push_back(field);
    try {
      if (kind == "model" && fields.size() == 1) {
        spec.model = fields[0];
      } else if (kind == "input" && fields.size() == 4) {
        spec.inputs.push_back({fields[0], ParseDataType(fields[1]), ParseSampleShape(fields[2], where), fields[3], ""});
      } else if (kind == "output" && fields.size() == 5) {
        if (fields[3] != "NCHW" && fields[3] != "NHWC") throw Error("layout must be NCHW or NHWC");
        spec.output = {fields[0], ParseDataType(fields[1]), ParseSampleShape(fields[2], where), "", fields[3]};
        has_output = true;
      } else {
        throw Error("expected 'model NAME', 'input NAME DTYPE SHAPE FOLDER' or "
                    "'output NAME DTYPE SHAPE LAYOUT RANGE', got '" + line + "'");
      }
    } catch (const Error &e) {
      const std::string message = e.what();
      throw Error(message.rfind(where, 0) == 0 ? message : where + ": " + message);
    }
  }
  if (spec.model.empty() || spec.inputs.empty() || !has_output) {
    throw Error("generator description " + source + " lacks its model, input or output line");
  }
  return spec;
}

GeneratorSpec ReadGeneratorSpec(const std::string &path) {
  std::ifstream file(path);
  if (!file) {
    throw Error("generator description " + path + " does not exist; preprocess.py writes it next to the input "
                "folders (or pass --spec_file)");
  }
  std::stringstream text;
  text << file.rdbuf();
  return ParseGeneratorSpec(text.str(), path);
}

std::string DescribeGeneratorInputs(const GeneratorSpec &spec) {
  std::string text = spec.inputs.size() > 1 ? "inputs " : "input ";
  for (size_t i = 0; i < spec.inputs.size(); ++i) {
    if (i > 0) text += i + 1 == spec.inputs.size() ? " and " : ", ";
    const GeneratorTensor &input = spec.inputs[i];
    text += input.name + " " + DataTypeName(input.dtype) + " " + SampleDims(input.sample_shape);
  }
  return text;
}

std::vector<size_t> MatchGeneratorInputs(const GeneratorSpec &spec, const std::vector<TensorSpec> &model_inputs,
                                         const std::string &model_path) {
  std::vector<std::string> found, declared;
  for (const auto &input : model_inputs) found.push_back(BaseName(input.name));
  for (const auto &input : spec.inputs) declared.push_back(input.name);
  std::vector<size_t> order(model_inputs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (std::is_permutation(found.begin(), found.end(), declared.begin(), declared.end())) {
    for (size_t i = 0; i < order.size(); ++i) {
      order[i] = std::find(declared.begin(), declared.end(), found[i]) - declared.begin();
    }
  }
  bool ok = model_inputs.size() == spec.inputs.size();
  for (size_t i = 0; ok && i < order.size(); ++i) ok = Fits(model_inputs[i], spec.inputs[order[i]]);
  if (ok) return order;
  throw Error("model " + model_path + " is not a " + spec.model + " generator: expected " +
              DescribeGeneratorInputs(spec) + ", found " +
              (model_inputs.empty() ? std::string("no inputs") : DescribeSpecs(model_inputs)));
}

}  // namespace cpp_infer
