#ifndef CPP_INFER_ERROR_H_
#define CPP_INFER_ERROR_H_

#include <stdexcept>
#include <string>

namespace cpp_infer {

// A user-facing failure: the message is one line naming the thing and what was expected.
// Programs catch it in main(), print "error: <message>" and exit non-zero.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string &message) : std::runtime_error(message) {}
};

}  // namespace cpp_infer

#endif  // CPP_INFER_ERROR_H_
