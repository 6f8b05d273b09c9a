#include "cpp_infer/error.h"

#include <exception>
#include <iostream>

namespace cpp_infer {

int ReportErrors(const std::function<void()> &body) {
  try {
    body();
  } catch (const Error &e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception &e) {
    std::cerr << "error: internal failure: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace cpp_infer
