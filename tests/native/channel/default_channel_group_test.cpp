#include "core/channel/default_channel_group.h"

#include <gtest/gtest.h>

namespace touchpath {
namespace {

std::string_view Channel(std::string_view source, std::string_view medium,
                         std::string_view campaign = "(not set)") {
  return DefaultChannelGroup(source, medium, campaign);
}

TEST(DefaultChannelGroup, Direct_DirectSourceWithNoneOrNotSetMedium) {
  EXPECT_EQ(Channel("(direct)", "(none)"), "Direct");
  EXPECT_EQ(Channel("(direct)", "(not set)"), "Direct");
}

TEST(DefaultChannelGroup, Direct_AbsentSourceAndMedium) {
  EXPECT_EQ(Channel("", ""), "Direct");
  EXPECT_EQ(Channel("", "(none)"), "Direct");
  EXPECT_EQ(Channel("(direct)", ""), "Direct");
}

TEST(DefaultChannelGroup, Direct_NeedsNoMedium) {
  EXPECT_EQ(Channel("(direct)", "cpc"), "Paid Other");
  EXPECT_EQ(Channel("", "email"), "Email");
}

TEST(DefaultChannelGroup, NotSetSourceAndMediumIsUnassigned) {
  EXPECT_EQ(Channel("(not set)", "(not set)"), "Unassigned");
}

TEST(DefaultChannelGroup, DirectWinsOverCrossNetworkCampaign) {
  EXPECT_EQ(Channel("(direct)", "(none)", "cross-network-q3"), "Direct");
}

TEST(DefaultChannelGroup, CrossNetwork_CampaignContainsCrossNetwork) {
  EXPECT_EQ(Channel("google", "cpc", "pmax_cross-network_eu"), "Cross-network");
  EXPECT_EQ(Channel("foo", "bar", "Cross-Network"), "Cross-network");
  EXPECT_EQ(Channel("google", "cpc", "crossnetwork"), "Paid Search");
}

TEST(DefaultChannelGroup, PaidShopping_ShoppingSourceWithPaidMedium) {
  EXPECT_EQ(Channel("amazon.com", "cpc"), "Paid Shopping");
  EXPECT_EQ(Channel("igshopping", "paid_social"), "Paid Shopping");
}

TEST(DefaultChannelGroup, PaidShopping_ShoppingCampaignWinsOverSearchSource) {
  EXPECT_EQ(Channel("google", "cpc", "summer-shopping"), "Paid Shopping");
  EXPECT_EQ(Channel("google", "cpc", "shop_sale"), "Paid Shopping");
  EXPECT_EQ(Channel("facebook", "cpc", "2024 Shop"), "Paid Shopping");
}

TEST(DefaultChannelGroup, ShoppingCampaign_ShopMustStartOrFollowENonLetter) {
  EXPECT_EQ(Channel("google", "cpc", "eshop"), "Paid Shopping");
  EXPECT_EQ(Channel("google", "cpc", "black-friday-shop"), "Paid Shopping");
  EXPECT_EQ(Channel("google", "cpc", "workshop"), "Paid Search");
  EXPECT_EQ(Channel("google", "cpc", "bishop"), "Paid Search");
  EXPECT_EQ(Channel("google", "cpc", "workshop shopping"), "Paid Shopping");
  EXPECT_EQ(Channel("google", "cpc", "workshop-shop"), "Paid Shopping");
}

TEST(DefaultChannelGroup, PaidSearch_SearchSourceWithPaidMedium) {
  EXPECT_EQ(Channel("google", "cpc"), "Paid Search");
  EXPECT_EQ(Channel("bing", "ppc"), "Paid Search");
  EXPECT_EQ(Channel("google", "retargeting"), "Paid Search");
  EXPECT_EQ(Channel("duckduckgo", "paidsearch"), "Paid Search");
}

TEST(DefaultChannelGroup, PaidMediumRegex_Alternatives) {
  EXPECT_EQ(Channel("google", "xcpx"), "Paid Search");       // .*cp.*
  EXPECT_EQ(Channel("google", "paid"), "Paid Search");       // paid.*
  EXPECT_EQ(Channel("google", "unpaid"), "Organic Search");  // paid must lead
  EXPECT_EQ(Channel("google", "ppcx"), "Organic Search");    // ppc is exact
  EXPECT_EQ(Channel("google", "retargeting2"), "Organic Search");
}

TEST(DefaultChannelGroup, PaidSocial_SocialSourceWithPaidMedium) {
  EXPECT_EQ(Channel("facebook", "cpc"), "Paid Social");
  EXPECT_EQ(Channel("instagram", "paid_social"), "Paid Social");
  EXPECT_EQ(Channel("linkedin", "cpm"), "Paid Social");
}

TEST(DefaultChannelGroup, PaidVideo_VideoSourceWithPaidMedium) {
  EXPECT_EQ(Channel("youtube", "cpc"), "Paid Video");
  EXPECT_EQ(Channel("vimeo.com", "paid"), "Paid Video");
}

TEST(DefaultChannelGroup, Display_DisplayMedia) {
  EXPECT_EQ(Channel("dv360", "display"), "Display");
  EXPECT_EQ(Channel("google", "banner"), "Display");
  EXPECT_EQ(Channel("foo", "expandable"), "Display");
  EXPECT_EQ(Channel("foo", "interstitial"), "Display");
  EXPECT_EQ(Channel("foo", "cpm"), "Display");
}

TEST(DefaultChannelGroup, PaidOther_PaidMediumFromUnlistedSource) {
  EXPECT_EQ(Channel("taboola", "cpc"), "Paid Other");
  EXPECT_EQ(Channel("partner", "paid-referral"), "Paid Other");
}

TEST(DefaultChannelGroup, OrganicShopping_ShoppingSourceOrCampaign) {
  EXPECT_EQ(Channel("amazon", "referral"), "Organic Shopping");
  EXPECT_EQ(Channel("ebay.com", "(none)"), "Organic Shopping");
  EXPECT_EQ(Channel("newsletter", "email", "holiday-shopping"), "Organic Shopping");
}

TEST(DefaultChannelGroup, OrganicSocial_SourceCategoryWinsOverReferralMedium) {
  EXPECT_EQ(Channel("t.co", "referral"), "Organic Social");
  EXPECT_EQ(Channel("l.facebook.com", "referral"), "Organic Social");
  EXPECT_EQ(Channel("instagram", "social"), "Organic Social");
}

TEST(DefaultChannelGroup, OrganicSocial_SocialMedia) {
  for (std::string_view medium :
       {"social", "social-network", "social-media", "sm", "social network", "social media"}) {
    EXPECT_EQ(Channel("myforum", medium), "Organic Social") << medium;
  }
  EXPECT_EQ(Channel("myforum", "socials"), "Unassigned");
}

TEST(DefaultChannelGroup, OrganicVideo_VideoSourceOrVideoMedium) {
  EXPECT_EQ(Channel("youtube.com", "referral"), "Organic Video");
  EXPECT_EQ(Channel("podcast-site", "video-embed"), "Organic Video");
}

TEST(DefaultChannelGroup, OrganicSearch_SearchSourceOrOrganicMedium) {
  EXPECT_EQ(Channel("google", "organic"), "Organic Search");
  EXPECT_EQ(Channel("bing", "referral"), "Organic Search");
  EXPECT_EQ(Channel("my-engine", "organic"), "Organic Search");
}

TEST(DefaultChannelGroup, Referral_ReferralAppLinkMedia) {
  EXPECT_EQ(Channel("example.com", "referral"), "Referral");
  EXPECT_EQ(Channel("partner-app", "app"), "Referral");
  EXPECT_EQ(Channel("blog", "link"), "Referral");
}

TEST(DefaultChannelGroup, Email_SourceOrMediumIsEmail) {
  EXPECT_EQ(Channel("newsletter", "email"), "Email");
  EXPECT_EQ(Channel("e-mail", "(not set)"), "Email");
  EXPECT_EQ(Channel("crm", "e_mail"), "Email");
  EXPECT_EQ(Channel("crm", "e mail"), "Email");
  EXPECT_EQ(Channel("crm", "emails"), "Unassigned");  // exact match only
}

TEST(DefaultChannelGroup, ReferralMediumComesBeforeEmailSource) {
  EXPECT_EQ(Channel("email", "referral"), "Referral");
}

TEST(DefaultChannelGroup, Affiliates_AffiliateMedium) {
  EXPECT_EQ(Channel("awin", "affiliate"), "Affiliates");
  EXPECT_EQ(Channel("awin", "affiliates"), "Unassigned");
}

TEST(DefaultChannelGroup, Audio_AudioMedium) { EXPECT_EQ(Channel("spotify", "audio"), "Audio"); }

TEST(DefaultChannelGroup, Sms_SourceOrMediumIsSms) {
  EXPECT_EQ(Channel("twilio", "sms"), "SMS");
  EXPECT_EQ(Channel("sms", "text"), "SMS");
}

TEST(DefaultChannelGroup, MobilePush_MediumPushMobileNotificationOrFirebase) {
  EXPECT_EQ(Channel("app", "web-push"), "Mobile Push Notifications");
  EXPECT_EQ(Channel("app", "mobile-alert"), "Mobile Push Notifications");
  EXPECT_EQ(Channel("app", "notifications"), "Mobile Push Notifications");
  EXPECT_EQ(Channel("firebase", "(not set)"), "Mobile Push Notifications");
  EXPECT_EQ(Channel("app", "pushy"), "Unassigned");  // push must end the medium
}

TEST(DefaultChannelGroup, Unassigned_NothingMatches) {
  EXPECT_EQ(Channel("foo", "bar"), "Unassigned");
  EXPECT_EQ(Channel("foo", ""), "Unassigned");
  EXPECT_EQ(Channel("(not set)", "(none)"), "Unassigned");
}

TEST(DefaultChannelGroup, MatchingIgnoresCase) {
  EXPECT_EQ(Channel("(DIRECT)", "(None)"), "Direct");
  EXPECT_EQ(Channel("Google", "CPC"), "Paid Search");
  EXPECT_EQ(Channel("Facebook.com", "Paid_Social"), "Paid Social");
  EXPECT_EQ(Channel("YouTube", "CPV"), "Paid Video");
  EXPECT_EQ(Channel("google", "cpc", "Summer-SHOPPING"), "Paid Shopping");
  EXPECT_EQ(Channel("Newsletter", "EMAIL"), "Email");
  EXPECT_EQ(Channel("T.CO", "Referral"), "Organic Social");
  EXPECT_EQ(Channel("Google Shopping", "organic"), "Organic Shopping");
}

}  // namespace
}  // namespace touchpath
