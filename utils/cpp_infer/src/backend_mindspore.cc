// MindSpore C++ API backend: Model::Build(path, kMindIR, context) on Ascend 310/310P/910, GPU or CPU,
// depending on what the MindSpore package in MINDSPORE_PATH was built for. This is the Ascend 310 path.
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "cpp_infer/backend.h"
#include "cpp_infer/bin_file.h"
#include "cpp_infer/error.h"
#include "include/api/context.h"
#include "include/api/model.h"
#include "include/api/status.h"
#include "include/api/types.h"

namespace cpp_infer {
namespace {

DataType FromMindSporeType(mindspore::DataType type, const std::string &tensor_name) {
  switch (type) {
    case mindspore::DataType::kNumberTypeFloat32: return DataType::kFloat32;
    case mindspore::DataType::kNumberTypeFloat16: return DataType::kFloat16;
    case mindspore::DataType::kNumberTypeFloat64: return DataType::kFloat64;
    case mindspore::DataType::kNumberTypeInt8: return DataType::kInt8;
    case mindspore::DataType::kNumberTypeInt16: return DataType::kInt16;
    case mindspore::DataType::kNumberTypeInt32: return DataType::kInt32;
    case mindspore::DataType::kNumberTypeInt64: return DataType::kInt64;
    case mindspore::DataType::kNumberTypeUInt8: return DataType::kUInt8;
    case mindspore::DataType::kNumberTypeBool: return DataType::kBool;
    default:
      throw Error("tensor " + tensor_name + " has MindSpore data type " + std::to_string(static_cast<int>(type)) +
                  ", which cpp_infer does not support");
  }
}

TensorSpec SpecOf(const mindspore::MSTensor &tensor) {
  TensorSpec spec;
  spec.name = tensor.Name();
  spec.dtype = FromMindSporeType(tensor.DataType(), spec.name);
  spec.shape = tensor.Shape();
  if (IsStaticShape(spec.shape)) spec.byte_size = ElementCount(spec.shape) * DataTypeSize(spec.dtype);
  return spec;
}

std::shared_ptr<mindspore::DeviceInfoContext> MakeDeviceInfo(DeviceTarget target, int device_id) {
  switch (target) {
    case DeviceTarget::kAscend310:
    case DeviceTarget::kAscend310P:
    case DeviceTarget::kAscend: {
      auto ascend = std::make_shared<mindspore::AscendDeviceInfo>();
      ascend->SetDeviceID(static_cast<uint32_t>(device_id));
      return ascend;
    }
    case DeviceTarget::kGPU: {
      auto gpu = std::make_shared<mindspore::GPUDeviceInfo>();
      gpu->SetDeviceID(static_cast<uint32_t>(device_id));
      return gpu;
    }
    case DeviceTarget::kCPU:
      return std::make_shared<mindspore::CPUDeviceInfo>();
  }
  throw Error("unknown device target");
}

class MindSporeBackend : public Backend {
 public:
  explicit MindSporeBackend(const BackendOptions &options) {
    auto context = std::make_shared<mindspore::Context>();
    context->MutableDeviceInfo().push_back(MakeDeviceInfo(options.device, options.device_id));
    const mindspore::Status status = model_.Build(options.model_path, mindspore::ModelType::kMindIR, context);
    if (status != mindspore::kSuccess) {
      throw Error("MindSpore cannot build model " + options.model_path + " for " + DeviceTargetName(options.device) +
                  " device " + std::to_string(options.device_id) + ": " + status.ToString());
    }
    for (const auto &tensor : model_.GetInputs()) inputs_.push_back(SpecOf(tensor));
    if (inputs_.empty()) throw Error("model " + options.model_path + " has no inputs");
  }

  const char *Name() const override { return "mindspore"; }
  const std::vector<TensorSpec> &Inputs() const override { return inputs_; }

  std::vector<HostTensor> Run(const std::vector<HostTensor> &inputs) override {
    std::vector<mindspore::MSTensor> model_inputs = model_.GetInputs();
    if (inputs.size() != model_inputs.size()) {
      throw Error("model takes " + std::to_string(model_inputs.size()) + " inputs, got " +
                  std::to_string(inputs.size()));
    }
    ResizeIfNeeded(inputs, &model_inputs);
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (static_cast<size_t>(model_inputs[i].DataSize()) != inputs[i].data.size()) {
        throw Error("input " + DescribeSpec(inputs[i].spec) + " does not match the model's " +
                    std::to_string(model_inputs[i].DataSize()) + " bytes");
      }
      std::memcpy(model_inputs[i].MutableData(), inputs[i].data.data(), inputs[i].data.size());
    }
    std::vector<mindspore::MSTensor> model_outputs;
    const mindspore::Status status = model_.Predict(model_inputs, &model_outputs);
    if (status != mindspore::kSuccess) throw Error("MindSpore inference failed: " + status.ToString());
    std::vector<HostTensor> outputs;
    for (const auto &tensor : model_outputs) {
      HostTensor out;
      out.spec = SpecOf(tensor);
      out.spec.byte_size = tensor.DataSize();
      const std::shared_ptr<const void> data = tensor.Data();
      if (data == nullptr) throw Error("MindSpore returned no data for output " + out.spec.name);
      const char *bytes = static_cast<const char *>(data.get());
      out.data.assign(bytes, bytes + out.spec.byte_size);
      outputs.push_back(std::move(out));
    }
    return outputs;
  }

 private:
  // Dynamic input dimensions are fixed per call from the resolved shapes.
  void ResizeIfNeeded(const std::vector<HostTensor> &inputs, std::vector<mindspore::MSTensor> *model_inputs) {
    std::vector<std::vector<int64_t>> shapes;
    bool changed = false;
    for (size_t i = 0; i < inputs.size(); ++i) {
      shapes.push_back(inputs[i].spec.shape);
      changed = changed || (*model_inputs)[i].Shape() != inputs[i].spec.shape;
    }
    if (!changed) return;
    const mindspore::Status status = model_.Resize(*model_inputs, shapes);
    if (status != mindspore::kSuccess) throw Error("MindSpore cannot resize the model inputs: " + status.ToString());
    *model_inputs = model_.GetInputs();
  }

  mindspore::Model model_;
  std::vector<TensorSpec> inputs_;
};

}  // namespace

const char *LinkedBackendName() { return "mindspore"; }

std::unique_ptr<Backend> CreateBackend(const BackendOptions &options) {
  RegularFileSize(options.model_path, "model file");
  return std::make_unique<MindSporeBackend>(options);
}

}  // namespace cpp_infer
