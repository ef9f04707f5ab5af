#pragma once

#include <string_view>

namespace touchpath {

// The export fields ResolveSessionTraffic (session_traffic.cpp) takes its evidence from, as
// record paths: a projected load keeps them when an analysis reads channel, source, medium,
// source_medium or campaign. tests/native/ingest/field_projection_test.cpp checks that a load
// keeping only these resolves every session as a full load does.
inline constexpr std::string_view kSessionTrafficInputs[] = {
    "session_traffic_source_last_click",
    "collected_traffic_source",
    "param.source",
    "param.medium",
    "param.campaign",
    "param.gclid",
};

}  // namespace touchpath
