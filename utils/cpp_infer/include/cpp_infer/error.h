#ifndef CPP_INFER_ERROR_H_
#define CPP_INFER_ERROR_H_

#include <functional>
#include <stdexcept>
#include <string>

namespace cpp_infer {

// A user-facing failure: the message is one line naming the thing and what was expected.
// Programs catch it in main(), print "error: <message>" and exit non-zero.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string &message) : std::runtime_error(message) {}
};

// A program's main body: runs it, prints "error: <message>" for an Error (and "error: internal failure:
// ..." for any other exception) to stderr. Returns the exit status: 0, or 1 after an error.
int ReportErrors(const std::function<void()> &body);

}  // namespace cpp_infer

#endif  // CPP_INFER_ERROR_H_
