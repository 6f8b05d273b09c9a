#include <string>

#include "cpp_infer/backend.h"
#include "cpp_infer/error.h"

namespace cpp_infer {
namespace {

constexpr DeviceTarget kAllTargets[] = {DeviceTarget::kAscend310, DeviceTarget::kAscend310P, DeviceTarget::kAscend,
                                        DeviceTarget::kGPU, DeviceTarget::kCPU};

}  // namespace

const char *DeviceTargetName(DeviceTarget target) {
  switch (target) {
    case DeviceTarget::kAscend310: return "Ascend310";
    case DeviceTarget::kAscend310P: return "Ascend310P";
    case DeviceTarget::kAscend: return "Ascend";
    case DeviceTarget::kGPU: return "GPU";
    case DeviceTarget::kCPU: return "CPU";
  }
  return "unknown";
}

DeviceTarget ParseDeviceTarget(const std::string &name) {
  std::string known;
  for (DeviceTarget target : kAllTargets) {
    if (name == DeviceTargetName(target)) return target;
    known += known.empty() ? "" : ", ";
    known += DeviceTargetName(target);
  }
  throw Error("unknown device target '" + name + "' (expected one of " + known + ")");
}

}  // namespace cpp_infer
