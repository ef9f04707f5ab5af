#include "core/ingest/ga4_param_element.h"

#include <cstdint>
#include <cstring>

#include "core/common/byte_scan.h"
#include "core/json/json_skip.h"

namespace touchpath {
namespace {

bool IsPlainStringByte(char c) {
  const auto byte = static_cast<uint8_t>(c);
  return byte >= 0x20 && byte < 0x80 && c != '"' && c != '\\';
}

bool IsNumberByte(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// Reads past `literal` at *p; false if the text there differs or is too short. The size is a
// constant, so the comparison compiles to a few word compares rather than a memcmp call.
template <size_t kSizeWithNul>
bool Consume(const char** p, const char* end, const char (&literal)[kSizeWithNul]) {
  constexpr size_t kSize = kSizeWithNul - 1;
  if (static_cast<size_t>(end - *p) < kSize || std::memcmp(*p, literal, kSize) != 0) return false;
  *p += kSize;
  return true;
}

// The first byte at or after `p` that is not plain string text, or `end`.
const char* PlainStringEnd(const char* p, const char* end) {
  while (end - p >= 16) {
    const uint32_t special = byte_scan::StringSpecialMask(p);
    if (special != 0) return p + __builtin_ctz(special);
    p += 16;
  }
  while (p != end && IsPlainStringByte(*p)) ++p;
  return p;
}

// Reads a plain string's contents after its opening quote, past the closing quote.
bool ReadPlainString(const char** p, const char* end, std::string_view* contents) {
  const char* const begin = *p;
  const char* const close = PlainStringEnd(begin, end);
  if (close == end || *close != '"') return false;
  *contents = std::string_view(begin, static_cast<size_t>(close - begin));
  *p = close + 1;
  return true;
}

bool ReadValue(const char** p, const char* end, Ga4ParamElement* element) {
  using ValueKind = Ga4ParamElement::ValueKind;
  if (*p == end) return false;
  if (**p == '"') {
    const char* const begin = *p + 1;
    const char* close = PlainStringEnd(begin, end);
    element->value_plain = close != end && *close == '"';
    if (!element->value_plain) close = json_skip::FindStringEnd(close, end);
    if (close == nullptr) return false;
    element->value = std::string_view(begin, static_cast<size_t>(close - begin));
    element->value_kind = ValueKind::kString;
    *p = close + 1;
    return true;
  }
  if (Consume(p, end, "null")) {
    element->value_kind = ValueKind::kNull;
    return true;
  }
  const char* const begin = *p;
  while (*p != end && IsNumberByte(**p)) ++*p;
  if (*p == begin) return false;
  element->value = std::string_view(begin, static_cast<size_t>(*p - begin));
  element->value_kind = ValueKind::kNumber;
  return true;
}

}  // namespace

bool ReadGa4ParamElement(std::string_view text, Ga4ParamElement* element) {
  const char* p = text.data();
  const char* const end = p + text.size();
  *element = Ga4ParamElement();
  if (!Consume(&p, end, R"({"key":")") || !ReadPlainString(&p, end, &element->name) ||
      !Consume(&p, end, R"(,"value":{)")) {
    return false;
  }
  if (!Consume(&p, end, "}")) {
    if (!Consume(&p, end, R"(")") || !ReadPlainString(&p, end, &element->type) ||
        !Consume(&p, end, ":") || !ReadValue(&p, end, element) || !Consume(&p, end, "}")) {
      return false;
    }
  }
  if (!Consume(&p, end, "}")) return false;
  element->size = static_cast<size_t>(p - text.data());
  return true;
}

}  // namespace touchpath
