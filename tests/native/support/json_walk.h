#pragma once

#include <string_view>

#include "core/json/json_cursor.h"

namespace touchpath::testing {

// Walks every value through the cursor's typed readers: what a projection that keeps every
// field does (tests check it accepts what it should; the bench times it).
inline bool WalkValue(JsonCursor& cursor) {
  std::string_view text;
  bool flag = false;
  switch (cursor.Peek()) {
    case JsonType::kObject:
      if (!cursor.EnterObject()) return false;
      while (cursor.NextKey(&text)) {
        if (!WalkValue(cursor)) return false;
      }
      return cursor.ok();
    case JsonType::kArray:
      if (!cursor.EnterArray()) return false;
      while (cursor.NextElement()) {
        if (!WalkValue(cursor)) return false;
      }
      return cursor.ok();
    case JsonType::kString:
      return cursor.ReadString(&text);
    case JsonType::kNumber:
      return cursor.ReadNumberLiteral(&text);
    case JsonType::kTrue:
    case JsonType::kFalse:
      return cursor.ReadBool(&flag);
    case JsonType::kNull:
      return cursor.ReadNull();
    default:
      return false;
  }
}

}  // namespace touchpath::testing
