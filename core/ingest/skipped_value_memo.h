#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/json/json_cursor.h"

namespace touchpath {

// Skips the top-level values a projected load drops. Consecutive rows repeat most of them
// byte for byte (device, geo, privacy_info, traffic_source of one user), so a value whose text
// starts the rest of the row like one of the last few skipped under the same key is passed over
// by one comparison instead of a scan of its structure. Only objects, arrays and strings are
// remembered: their text ends with their own closing byte, so a prefix match is that value.
class SkippedValueMemo {
 public:
  // Skips the cursor's next value, that of top-level `key` at `position` in its row.
  bool Skip(size_t position, std::string_view key, JsonCursor* cursor);

 private:
  static constexpr size_t kMaxPositions = 256;
  static constexpr size_t kRecentPerKey = 4;
  static constexpr size_t kMaxValueBytes = 4096;
  struct Position {
    std::string key;
    std::vector<std::string> recent;  // most recent first
  };
  std::vector<Position> positions_;
};

}  // namespace touchpath
