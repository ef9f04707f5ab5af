#pragma once

#include <cstddef>
#include <string_view>

namespace touchpath {

// One element of GA4's event_params / user_properties exactly as BigQuery writes it:
//   {"key":"NAME","value":{"TYPE":VALUE}}   or   {"key":"NAME","value":{}}
// with no whitespace, NAME plain text (no escape, control or non-ASCII byte), one member in
// the value and VALUE a string, a number literal or null. Reading this shape by hand skips
// the general cursor's per-token bookkeeping; anything else is left to the general parser.
struct Ga4ParamElement {
  enum class ValueKind { kString, kNumber, kNull };

  std::string_view name;
  std::string_view type;   // "string_value", "int_value", ...; empty for {}
  std::string_view value;  // a string's raw contents (between the quotes) or a number's literal
  ValueKind value_kind = ValueKind::kNull;  // kNull also for {}
  bool value_plain = true;                  // the string holds no escape, control or non-ASCII byte
  size_t size = 0;                          // bytes of the whole element, braces included
};

// Reads the element that starts `text`; false when it is not in the exact shape above. A
// number literal is only checked to be made of number characters: convert it with
// JsonCursor::ParseInt64 / ParseDouble, which check the grammar.
bool ReadGa4ParamElement(std::string_view text, Ga4ParamElement* element);

}  // namespace touchpath
