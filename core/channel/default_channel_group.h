#pragma once

#include <string_view>

namespace touchpath {

// GA4's default channel group for a session's source / medium / campaign, following the rules
// for manual traffic in Google's order (support.google.com/analytics/answer/9756891).
// Returns one of GA4's labels: "Direct", "Cross-network", "Paid Shopping", "Paid Search",
// "Paid Social", "Paid Video", "Display", "Paid Other", "Organic Shopping", "Organic Social",
// "Organic Video", "Organic Search", "Referral", "Email", "Affiliates", "Audio", "SMS",
// "Mobile Push Notifications", "Unassigned". The view points at static storage.
//
// Matching is ASCII case-insensitive. An empty string means the value is absent: no source and
// no medium (or medium "(none)" / "(not set)") is Direct, as is source "(direct)" with those
// media. Source "(not set)" is not Direct: GA4 exports unattributed sessions as
// "(not set)" / "(not set)", and those are Unassigned.
// Google Ads rules that need the ad network type (not in the BigQuery export) are not applied.
std::string_view DefaultChannelGroup(std::string_view source, std::string_view medium,
                                     std::string_view campaign);

}  // namespace touchpath
