// OpenVINO backend: runs ONNX files (and frozen TensorFlow .pb graphs) on the host CPU.
#include <openvino/openvino.hpp>

#include <cstring>
#include <string>
#include <utility>

#include "cpp_infer/backend.h"
#include "cpp_infer/bin_file.h"
#include "cpp_infer/error.h"

namespace cpp_infer {
namespace {

DataType FromOpenVinoType(const ov::element::Type &type, const std::string &tensor_name) {
  switch (type) {
    case ov::element::Type_t::f32: return DataType::kFloat32;
    case ov::element::Type_t::f16: return DataType::kFloat16;
    case ov::element::Type_t::bf16: return DataType::kBFloat16;
    case ov::element::Type_t::f64: return DataType::kFloat64;
    case ov::element::Type_t::i8: return DataType::kInt8;
    case ov::element::Type_t::i16: return DataType::kInt16;
    case ov::element::Type_t::i32: return DataType::kInt32;
    case ov::element::Type_t::i64: return DataType::kInt64;
    case ov::element::Type_t::u8: return DataType::kUInt8;
    case ov::element::Type_t::boolean: return DataType::kBool;
    default:
      throw Error("tensor " + tensor_name + " has element type " + type.get_type_name() +
                  ", which cpp_infer does not support");
  }
}

ov::element::Type ToOpenVinoType(DataType type) {
  switch (type) {
    case DataType::kFloat32: return ov::element::f32;
    case DataType::kFloat16: return ov::element::f16;
    case DataType::kBFloat16: return ov::element::bf16;
    case DataType::kFloat64: return ov::element::f64;
    case DataType::kInt8: return ov::element::i8;
    case DataType::kInt16: return ov::element::i16;
    case DataType::kInt32: return ov::element::i32;
    case DataType::kInt64: return ov::element::i64;
    case DataType::kUInt8: return ov::element::u8;
    case DataType::kBool: return ov::element::boolean;
  }
  return ov::element::Type();
}

std::string PortName(const ov::Output<const ov::Node> &port, const char *kind, size_t index) {
  if (!port.get_names().empty()) return port.get_any_name();
  return std::string(kind) + std::to_string(index);
}

TensorSpec SpecOf(const ov::Output<const ov::Node> &port, const char *kind, size_t index) {
  TensorSpec spec;
  spec.name = PortName(port, kind, index);
  spec.dtype = FromOpenVinoType(port.get_element_type(), spec.name);
  const ov::PartialShape &shape = port.get_partial_shape();
  if (shape.rank().is_dynamic()) throw Error("input " + spec.name + " has a dynamic rank, which is not supported");
  for (const auto &dim : shape) spec.shape.push_back(dim.is_static() ? dim.get_length() : -1);
  if (IsStaticShape(spec.shape)) spec.byte_size = ElementCount(spec.shape) * DataTypeSize(spec.dtype);
  return spec;
}

class OpenVinoBackend : public Backend {
 public:
  explicit OpenVinoBackend(const std::string &model_path) {
    try {
      // Without the f32 hint the CPU plugin computes in bf16 on AVX512-BF16/AMX hosts (errors ~1e-3).
      compiled_ = core_.compile_model(core_.read_model(model_path), "CPU",
                                      ov::hint::inference_precision(ov::element::f32));
      request_ = compiled_.create_infer_request();
    } catch (const ov::Exception &e) {
      throw Error("OpenVINO cannot load model " + model_path + ": " + MessageLine(e.what()));
    }
    const ov::element::Type precision = compiled_.get_property(ov::hint::inference_precision);
    if (precision != ov::element::f32) {
      throw Error("OpenVINO ignored the f32 precision hint (runs in " + precision.get_type_name() + ")");
    }
    const auto ports = compiled_.inputs();
    for (size_t i = 0; i < ports.size(); ++i) inputs_.push_back(SpecOf(ports[i], "input", i));
    if (inputs_.empty()) throw Error("model " + model_path + " has no inputs");
  }

  const char *Name() const override { return "openvino"; }
  const std::vector<TensorSpec> &Inputs() const override { return inputs_; }

  std::vector<HostTensor> Run(const std::vector<HostTensor> &inputs) override {
    if (inputs.size() != inputs_.size()) {
      throw Error("model takes " + std::to_string(inputs_.size()) + " inputs, got " + std::to_string(inputs.size()));
    }
    try {
      for (size_t i = 0; i < inputs.size(); ++i) {
        const TensorSpec &spec = inputs[i].spec;
        ov::Shape shape(spec.shape.begin(), spec.shape.end());
        // Wraps the caller's buffer without copying; OpenVINO only reads input tensors.
        ov::Tensor tensor(ToOpenVinoType(spec.dtype), shape, const_cast<char *>(inputs[i].data.data()));
        request_.set_input_tensor(i, tensor);
      }
      request_.infer();
      std::vector<HostTensor> outputs;
      const auto ports = compiled_.outputs();
      for (size_t i = 0; i < ports.size(); ++i) {
        const ov::Tensor tensor = request_.get_output_tensor(i);
        HostTensor out;
        out.spec.name = PortName(ports[i], "output", i);
        out.spec.dtype = FromOpenVinoType(tensor.get_element_type(), out.spec.name);
        const ov::Shape shape = tensor.get_shape();  // returned by value: take begin/end of one copy
        out.spec.shape.assign(shape.begin(), shape.end());
        out.spec.byte_size = tensor.get_byte_size();
        const char *bytes = static_cast<const char *>(tensor.data());
        out.data.assign(bytes, bytes + tensor.get_byte_size());
        outputs.push_back(std::move(out));
      }
      return outputs;
    } catch (const ov::Exception &e) {
      throw Error(std::string("OpenVINO inference failed: ") + MessageLine(e.what()));
    }
  }

 private:
  // OpenVINO messages span several lines, some of them source locations ("...cpp:123"); keep the first
  // line that is neither blank nor a location.
  static std::string MessageLine(const std::string &text) {
    std::string line;
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (line.find_first_not_of(" \t") != std::string::npos && line.find(".cpp:") == std::string::npos) break;
      if (end == std::string::npos) break;
      start = end + 1;
    }
    return line;
  }

  ov::Core core_;
  ov::CompiledModel compiled_;
  ov::InferRequest request_;
  std::vector<TensorSpec> inputs_;
};

}  // namespace

const char *LinkedBackendName() { return "openvino"; }

std::unique_ptr<Backend> CreateBackend(const BackendOptions &options) {
  RegularFileSize(options.model_path, "model file");
  if (options.device != DeviceTarget::kCPU) {
    throw Error(std::string("device target ") + DeviceTargetName(options.device) +
                " is not supported by the openvino backend (it runs on CPU; build with -DBACKEND=mindspore)");
  }
  return std::make_unique<OpenVinoBackend>(options.model_path);
}

}  // namespace cpp_infer
