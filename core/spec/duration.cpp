#include "core/spec/duration.h"

#include <limits>

namespace touchpath {

bool ParseDuration(std::string_view text, std::optional<int64_t>* micros) {
  if (text == "none") {
    micros->reset();
    return true;
  }
  if (text.size() < 2) return false;
  int64_t unit_us = 0;
  switch (text.back()) {
    case 's':
      unit_us = 1000000LL;
      break;
    case 'm':
      unit_us = 60LL * 1000000LL;
      break;
    case 'h':
      unit_us = 3600LL * 1000000LL;
      break;
    case 'd':
      unit_us = 86400LL * 1000000LL;
      break;
    case 'w':
      unit_us = 7LL * 86400LL * 1000000LL;
      break;
    default:
      return false;
  }
  int64_t amount = 0;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    const char digit = text[i];
    if (digit < '0' || digit > '9') return false;
    if (amount > (std::numeric_limits<int64_t>::max() / unit_us - 9) / 10) return false;
    amount = amount * 10 + (digit - '0');
  }
  *micros = amount * unit_us;
  return true;
}

}  // namespace touchpath
