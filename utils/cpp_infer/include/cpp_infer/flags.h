#ifndef CPP_INFER_FLAGS_H_
#define CPP_INFER_FLAGS_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace cpp_infer {

// Command-line flags: --name=value or --name value; a bool flag is --name, --name=true or --name=false;
// a list flag may be repeated. Unknown flags, repeated scalar flags, missing values, stray positional
// arguments and missing required flags raise cpp_infer::Error.
class FlagParser {
 public:
  explicit FlagParser(std::string description);

  void AddString(const std::string &name, std::string *value, const std::string &help, bool required = false);
  void AddInt(const std::string &name, int *value, const std::string &help);
  void AddBool(const std::string &name, bool *value, const std::string &help);
  void AddStringList(const std::string &name, std::vector<std::string> *values, const std::string &help,
                     bool required = false);
  // Every --<key><suffix> flag not registered by its own name (for suffix "_path": --input0_path,
  // --z_path, ...), collected as (key, value) pairs in command-line order.
  void AddSuffixedFlags(const std::string &suffix, std::vector<std::pair<std::string, std::string>> *values,
                        const std::string &help);

  // Returns false when --help (or -h) was given: the usage text has then been printed to stdout and the
  // program should exit 0.
  bool Parse(int argc, const char *const *argv);
  std::string Usage(const std::string &program) const;

 private:
  enum class Kind { kString, kInt, kBool, kStringList };
  struct Flag {
    Kind kind;
    void *target;
    std::string help;
    std::string default_text;
    bool required;
    bool seen;
  };

  void Register(const std::string &name, Flag flag);
  void Assign(const std::string &name, Flag *flag, const std::string &value);

  std::string description_;
  std::map<std::string, Flag> flags_;
  std::vector<std::string> order_;
  std::string suffix_;
  std::vector<std::pair<std::string, std::string>> *suffixed_ = nullptr;
  std::string suffixed_help_;
};

}  // namespace cpp_infer

#endif  // CPP_INFER_FLAGS_H_
