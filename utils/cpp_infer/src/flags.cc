#include "cpp_infer/flags.h"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "cpp_infer/error.h"

namespace cpp_infer {
FlagParser::FlagParser(std::string description) : description_(std::move(description)) {}

void FlagParser::Register(const std::string &name, Flag flag) {
  if (name.empty() || name == "help" || flags_.count(name) != 0) {
    throw std::logic_error("flag --" + name + " registered twice or reserved");
  }
  flags_.emplace(name, std::move(flag));
  order_.push_back(name);
}

void FlagParser::AddString(const std::string &name, std::string *value, const std::string &help, bool required) {
  Register(name, {Kind::kString, value, help, "\"" + *value + "\"", required, false});
}

void FlagParser::AddInt(const std::string &name, int *value, const std::string &help) {
  Register(name, {Kind::kInt, value, help, std::to_string(*value), false, false});
}

void FlagParser::AddBool(const std::string &name, bool *value, const std::string &help) {
  Register(name, {Kind::kBool, value, help, *value ? "true" : "false", false, false});
}

void FlagParser::AddStringList(const std::string &name, std::vector<std::string> *values, const std::string &help,
                               bool required) {
  Register(name, {Kind::kStringList, values, help, "none", required, false});
}

void FlagParser::AddSuffixedFlags(const std::string &suffix,
                                  std::vector<std::pair<std::string, std::string>> *values, const std::string &help) {
  suffix_ = suffix;
  suffixed_ = values;
  suffixed_help_ = help;
}

void FlagParser::Assign(const std::string &name, Flag *flag, const std::string &value) {
  switch (flag->kind) {
    case Kind::kString:
      *static_cast<std::string *>(flag->target) = value;
      break;
    case Kind::kStringList:
      static_cast<std::vector<std::string> *>(flag->target)->push_back(value);
      break;
    case Kind::kBool:
      if (value == "true" || value == "1") {
        *static_cast<bool *>(flag->target) = true;
      } else if (value == "false" || value == "0") {
        *static_cast<bool *>(flag->target) = false;
      } else {
        throw Error("flag --" + name + " expects true or false, got '" + value + "'");
      }
      break;
    case Kind::kInt: {
      errno = 0;
      char *end = nullptr;
      long parsed = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || errno == ERANGE || parsed < INT_MIN || parsed > INT_MAX) {
        throw Error("flag --" + name + " expects an integer, got '" + value + "'");
      }
      *static_cast<int *>(flag->target) = static_cast<int>(parsed);
      break;
    }
  }
}

bool FlagParser::Parse(int argc, const char *const *argv) {
  const std::string program = argc > 0 ? argv[0] : "program";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << Usage(program);
      return false;
    }
    if (arg.size() <= 2 || arg.compare(0, 2, "--") != 0) {
      throw Error("unexpected argument '" + arg + "': flags are --name=value or --name value (see --help)");
    }
    const size_t eq = arg.find('=');
    const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    auto it = flags_.find(name);
    const bool suffixed = it == flags_.end() && suffixed_ != nullptr && name.size() > suffix_.size() &&
                          name.compare(name.size() - suffix_.size(), suffix_.size(), suffix_) == 0;
    if (suffixed) {
      if (eq == std::string::npos && i + 1 >= argc) throw Error("flag --" + name + " expects a value");
      suffixed_->emplace_back(name.substr(0, name.size() - suffix_.size()),
                              eq != std::string::npos ? arg.substr(eq + 1) : argv[++i]);
      continue;
    }
    if (it == flags_.end()) throw Error("unknown flag --" + name + " (see --help)");
    Flag &flag = it->second;
    if (flag.seen && flag.kind != Kind::kStringList) throw Error("flag --" + name + " given more than once");
    flag.seen = true;
    if (eq != std::string::npos) {
      Assign(name, &flag, arg.substr(eq + 1));
    } else if (flag.kind == Kind::kBool) {
      Assign(name, &flag, "true");
    } else if (i + 1 < argc) {
      Assign(name, &flag, argv[++i]);
    } else {
      throw Error("flag --" + name + " expects a value");
    }
  }
  for (const auto &name : order_) {
    const Flag &flag = flags_.at(name);
    if (flag.required && !flag.seen) throw Error("missing required flag --" + name + " (see --help)");
  }
  return true;
}

std::string FlagParser::Usage(const std::string &program) const {
  std::ostringstream out;
  out << "usage: " << program << " [flags]\n" << description_ << "\nflags:\n";
  for (const auto &name : order_) {
    const Flag &flag = flags_.at(name);
    const char *value_hint = flag.kind == Kind::kBool ? "" : (flag.kind == Kind::kInt ? "=<int>" : "=<string>");
    out << "  --" << name << value_hint << "  " << flag.help;
    if (flag.required) {
      out << " (required" << (flag.kind == Kind::kStringList ? ", repeatable" : "") << ")";
    } else if (flag.kind == Kind::kStringList) {
      out << " (repeatable)";
    } else {
      out << " (default: " << flag.default_text << ")";
    }
    out << "\n";
  }
  if (suffixed_ != nullptr) out << "  --<key>" << suffix_ << "=<string>  " << suffixed_help_ << " (repeatable)\n";
  out << "  --help  print this text and exit\n";
  return out.str();
}

}  // namespace cpp_infer
