#ifndef CPP_INFER_TENSOR_H_
#define CPP_INFER_TENSOR_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cpp_infer {

enum class DataType { kFloat32, kFloat16, kBFloat16, kFloat64, kInt8, kInt16, kInt32, kInt64, kUInt8, kBool };

const char *DataTypeName(DataType type);
size_t DataTypeSize(DataType type);

// A model input or output as the backend describes it. A dimension of -1 is dynamic; byte_size is 0
// while any dimension is dynamic.
struct TensorSpec {
  std::string name;
  DataType dtype = DataType::kFloat32;
  std::vector<int64_t> shape;
  size_t byte_size = 0;
};

// Element count of a fully static shape (1 for a scalar).
int64_t ElementCount(const std::vector<int64_t> &shape);
bool IsStaticShape(const std::vector<int64_t> &shape);
std::string ShapeToString(const std::vector<int64_t> &shape);
std::string DescribeSpec(const TensorSpec &spec);  // e.g. "noise float32 [200,100] (80000 bytes)"
std::string DescribeSpecs(const std::vector<TensorSpec> &specs);  // DescribeSpec of each, "; "-separated

// The spec a headerless buffer of byte_count bytes has when bound to `spec`: a static spec must match
// exactly; a single dynamic dimension is inferred from the byte count. Throws Error otherwise.
TensorSpec ResolveSpec(const TensorSpec &spec, size_t byte_count);

// Host-memory tensor: raw bytes in the layout the model expects (row-major, native little-endian).
struct HostTensor {
  TensorSpec spec;
  std::vector<char> data;
};

}  // namespace cpp_infer

#endif  // CPP_INFER_TENSOR_H_
