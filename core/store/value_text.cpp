#include "core/store/value_text.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace touchpath {

std::string ValueText(const EventStore& store, Value value) {
  switch (value.kind) {
    case ValueKind::kString:
      return std::string(store.strings.Get(value.string_id()));
    case ValueKind::kInt:
      return std::to_string(value.int_value());
    case ValueKind::kDouble: {
      const double number = value.double_value();
      char buffer[32];
      // The shortest %.*g that reads back to the same double.
      for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buffer, sizeof buffer, "%.*g", precision, number);
        if (std::strtod(buffer, nullptr) == number) break;
      }
      return buffer;
    }
  }
  return std::string();
}

std::optional<double> ValueNumber(const EventStore& store, Value value) {
  switch (value.kind) {
    case ValueKind::kInt:
      return static_cast<double>(value.int_value());
    case ValueKind::kDouble:
      return value.double_value();
    case ValueKind::kString: {
      const std::string text(store.strings.Get(value.string_id()));
      if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return std::nullopt;
      char* end = nullptr;
      errno = 0;
      const double number = std::strtod(text.c_str(), &end);
      if (end != text.c_str() + text.size() || errno == ERANGE) return std::nullopt;
      return number;
    }
  }
  return std::nullopt;
}

}  // namespace touchpath
