#include "cpp_infer/tensor.h"

#include <sstream>

#include "cpp_infer/error.h"

namespace cpp_infer {

const char *DataTypeName(DataType type) {
  switch (type) {
    case DataType::kFloat32: return "float32";
    case DataType::kFloat16: return "float16";
    case DataType::kBFloat16: return "bfloat16";
    case DataType::kFloat64: return "float64";
    case DataType::kInt8: return "int8";
    case DataType::kInt16: return "int16";
    case DataType::kInt32: return "int32";
    case DataType::kInt64: return "int64";
    case DataType::kUInt8: return "uint8";
    case DataType::kBool: return "bool";
  }
  return "unknown";
}

size_t DataTypeSize(DataType type) {
  switch (type) {
    case DataType::kFloat64:
    case DataType::kInt64:
      return 8;
    case DataType::kFloat32:
    case DataType::kInt32:
      return 4;
    case DataType::kFloat16:
    case DataType::kBFloat16:
    case DataType::kInt16:
      return 2;
    case DataType::kInt8:
    case DataType::kUInt8:
    case DataType::kBool:
      return 1;
  }
  return 0;
}

bool IsStaticShape(const std::vector<int64_t> &shape) {
  for (int64_t dim : shape) {
    if (dim < 0) return false;
  }
  return true;
}

int64_t ElementCount(const std::vector<int64_t> &shape) {
  int64_t count = 1;
  for (int64_t dim : shape) count *= dim;
  return count;
}

std::string ShapeToString(const std::vector<int64_t> &shape) {
  std::ostringstream out;
  out << "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) out << ",";
    if (shape[i] < 0) {
      out << "?";
    } else {
      out << shape[i];
    }
  }
  out << "]";
  return out.str();
}

std::string DescribeSpec(const TensorSpec &spec) {
  std::ostringstream out;
  out << spec.name << " " << DataTypeName(spec.dtype) << " " << ShapeToString(spec.shape);
  if (IsStaticShape(spec.shape)) out << " (" << spec.byte_size << " bytes)";
  return out.str();
}

std::string DescribeSpecs(const std::vector<TensorSpec> &specs) {
  std::string text;
  for (const auto &spec : specs) text += (text.empty() ? "" : "; ") + DescribeSpec(spec);
  return text;
}

TensorSpec ResolveSpec(const TensorSpec &spec, size_t byte_count) {
  const size_t element_size = DataTypeSize(spec.dtype);
  if (IsStaticShape(spec.shape)) {
    if (byte_count != spec.byte_size) {
      throw Error("input " + DescribeSpec(spec) + " needs " + std::to_string(spec.byte_size) + " bytes, got " +
                  std::to_string(byte_count));
    }
    return spec;
  }
  int dynamic_index = -1;
  int64_t known = 1;
  for (size_t i = 0; i < spec.shape.size(); ++i) {
    if (spec.shape[i] >= 0) {
      known *= spec.shape[i];
    } else if (dynamic_index >= 0) {
      throw Error("input " + DescribeSpec(spec) +
                  " has more than one dynamic dimension; a headerless .bin file cannot fix them");
    } else {
      dynamic_index = static_cast<int>(i);
    }
  }
  const size_t row_bytes = static_cast<size_t>(known) * element_size;
  if (row_bytes == 0 || byte_count == 0 || byte_count % row_bytes != 0) {
    throw Error("input " + DescribeSpec(spec) + " needs a positive multiple of " + std::to_string(row_bytes) +
                " bytes, got " + std::to_string(byte_count));
  }
  TensorSpec resolved = spec;
  resolved.shape[dynamic_index] = static_cast<int64_t>(byte_count / row_bytes);
  resolved.byte_size = byte_count;
  return resolved;
}

}  // namespace cpp_infer
