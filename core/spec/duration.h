#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace touchpath {

// Parses a spec duration: "90s", "30m", "12h", "7d", "2w" or "none" (no limit, nullopt).
// Returns false for anything else (negative, missing unit, overflow).
bool ParseDuration(std::string_view text, std::optional<int64_t>* micros);

}  // namespace touchpath
