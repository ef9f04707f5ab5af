#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace touchpath {

// Under a projection most of a GA4 row's top-level members are skipped, and a user's
// consecutive rows repeat long runs of them byte for byte (user_ltv, device, geo,
// traffic_source, stream_id, platform). A run of skipped members, remembered by its text from
// the ',' before its first key to the end of its last value, is passed over with one
// comparison instead of a key lookup and a value match for each member.
class SkippedRunMemo {
 public:
  // Two: a row often follows a row of another user, whose run differs; more cost more
  // comparisons than they save on user-grouped exports.
  static constexpr size_t kRecentPerPosition = 2;

  struct Match {
    size_t members = 0;  // 0: no remembered run starts `rest`
    size_t bytes = 0;
  };
  // A run remembered at member `position` of a row that `rest` starts with.
  Match Find(size_t position, std::string_view rest);
  // Remembers `text`, the run of `members` skipped members starting at member `position`.
  void Add(size_t position, std::string_view text, size_t members);

 private:
  static constexpr size_t kMaxPositions = 256;
  static constexpr size_t kMaxRunBytes = 16384;
  struct Run {
    std::string text;
    size_t members = 0;
  };
  std::vector<std::vector<Run>> positions_;  // per position, most recent first
};

}  // namespace touchpath
