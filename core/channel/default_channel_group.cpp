#include "core/channel/default_channel_group.h"

#include <cstddef>
#include <initializer_list>

#include "core/channel/ascii_case.h"
#include "core/channel/source_category.h"

namespace touchpath {
namespace {

namespace ac = ascii_case;

bool EqualsAny(std::string_view text, std::initializer_list<std::string_view> lower_options) {
  for (std::string_view option : lower_options) {
    if (ac::Equals(text, option)) return true;
  }
  return false;
}

bool IsDirect(std::string_view source, std::string_view medium) {
  const bool no_medium = medium.empty() || EqualsAny(medium, {"(none)", "(not set)"});
  return no_medium && (source.empty() || ac::Equals(source, "(direct)"));
}

// Medium matches ^(.*cp.*|ppc|retargeting|paid.*)$
bool IsPaidMedium(std::string_view medium) {
  return ac::Contains(medium, "cp") || EqualsAny(medium, {"ppc", "retargeting"}) ||
         ac::StartsWith(medium, "paid");
}

// Campaign matches ^(.*(([^a-df-z]|^)shop|shopping).*)$ : "shopping" anywhere, or "shop" at the
// start or after any character other than the letters a-d and f-z ("eshop" counts, "workshop"
// does not).
bool IsShoppingCampaign(std::string_view campaign) {
  if (ac::Contains(campaign, "shopping")) return true;
  for (std::size_t at = ac::Find(campaign, "shop"); at != std::string_view::npos;
       at = ac::Find(campaign, "shop", at + 1)) {
    if (at == 0) return true;
    const char before = ac::ToLower(campaign[at - 1]);
    if (before == 'e' || before < 'a' || before > 'z') return true;
  }
  return false;
}

bool IsDisplayMedium(std::string_view medium) {
  return EqualsAny(medium, {"display", "banner", "expandable", "interstitial", "cpm"});
}

bool IsSocialMedium(std::string_view medium) {
  return EqualsAny(
      medium, {"social", "social-network", "social-media", "sm", "social network", "social media"});
}

bool IsEmail(std::string_view value) {
  return EqualsAny(value, {"email", "e-mail", "e_mail", "e mail"});
}

bool IsMobilePushMedium(std::string_view medium) {
  return ac::EndsWith(medium, "push") || ac::Contains(medium, "mobile") ||
         ac::Contains(medium, "notification");
}

}  // namespace

std::string_view DefaultChannelGroup(std::string_view source, std::string_view medium,
                                     std::string_view campaign) {
  if (IsDirect(source, medium)) return "Direct";
  if (ac::Contains(campaign, "cross-network")) return "Cross-network";

  const SourceCategory category = LookupSourceCategory(source);
  const bool shopping = category == SourceCategory::kShopping || IsShoppingCampaign(campaign);
  if (IsPaidMedium(medium)) {
    if (shopping) return "Paid Shopping";
    if (category == SourceCategory::kSearch) return "Paid Search";
    if (category == SourceCategory::kSocial) return "Paid Social";
    if (category == SourceCategory::kVideo) return "Paid Video";
  }
  // Display sits between Paid Video and Paid Other, and "cpm" is also a paid medium: a social
  // source with medium cpm is Paid Social, an unknown one is Display.
  if (IsDisplayMedium(medium)) return "Display";
  if (IsPaidMedium(medium)) return "Paid Other";

  if (shopping) return "Organic Shopping";
  if (category == SourceCategory::kSocial || IsSocialMedium(medium)) return "Organic Social";
  if (category == SourceCategory::kVideo || ac::Contains(medium, "video")) return "Organic Video";
  if (category == SourceCategory::kSearch || ac::Equals(medium, "organic")) {
    return "Organic Search";
  }
  if (EqualsAny(medium, {"referral", "app", "link"})) return "Referral";
  if (IsEmail(source) || IsEmail(medium)) return "Email";
  if (ac::Equals(medium, "affiliate")) return "Affiliates";
  if (ac::Equals(medium, "audio")) return "Audio";
  if (ac::Equals(source, "sms") || ac::Equals(medium, "sms")) return "SMS";
  if (IsMobilePushMedium(medium) || ac::Equals(source, "firebase")) {
    return "Mobile Push Notifications";
  }
  return "Unassigned";
}

}  // namespace touchpath
