#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/common/status.h"

namespace touchpath {

// Parses JSON text without exceptions; a syntax error becomes a BadSpec status naming the
// byte where it was found.
Status ParseJsonText(std::string_view text, std::string_view what, nlohmann::json* out);

// Serialises a result; invalid UTF-8 (which the engine never produces) is replaced rather
// than thrown about.
std::string DumpJson(const nlohmann::json& json);

}  // namespace touchpath
