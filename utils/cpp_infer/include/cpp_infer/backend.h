#ifndef CPP_INFER_BACKEND_H_
#define CPP_INFER_BACKEND_H_

#include <memory>
#include <string>
#include <vector>

#include "cpp_infer/tensor.h"

namespace cpp_infer {

enum class DeviceTarget { kAscend310, kAscend310P, kAscend, kGPU, kCPU };

// "Ascend310", "Ascend310P", "Ascend", "GPU" or "CPU"; anything else throws Error listing these.
DeviceTarget ParseDeviceTarget(const std::string &name);
const char *DeviceTargetName(DeviceTarget target);

struct BackendOptions {
  std::string model_path;
  DeviceTarget device = DeviceTarget::kCPU;
  int device_id = 0;
};

// One loaded model. Exactly one implementation is linked into a program, chosen at build time
// (cmake -DBACKEND=openvino|mindspore).
class Backend {
 public:
  virtual ~Backend() = default;

  virtual const char *Name() const = 0;
  // Model inputs in graph order (name, dtype, shape with -1 for dynamic dims, byte size).
  virtual const std::vector<TensorSpec> &Inputs() const = 0;
  // `inputs` holds one tensor per model input, in Inputs() order, with resolved static shapes
  // (see ResolveSpec). Returns the outputs in graph order. Throws Error on failure.
  virtual std::vector<HostTensor> Run(const std::vector<HostTensor> &inputs) = 0;
};

// Loads options.model_path for options.device. Throws Error when the file is missing, the device target
// is not supported by the linked backend, or the framework rejects the model.
std::unique_ptr<Backend> CreateBackend(const BackendOptions &options);

// Name of the linked backend: "openvino" or "mindspore".
const char *LinkedBackendName();

}  // namespace cpp_infer

#endif  // CPP_INFER_BACKEND_H_
