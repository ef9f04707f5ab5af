// Bad funnel specs fail with a message naming the field.
#include "core/analysis/funnel_spec.h"

#include <gtest/gtest.h>

namespace touchpath {
namespace {

std::string ParseError(const std::string& json) {
  FunnelSpec spec;
  const Status status = ParseFunnelSpec(nlohmann::json::parse(json), "analyses[0]", &spec);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kBadSpec);
  return status.message();
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(FunnelSpec, NeedsSteps) {
  EXPECT_TRUE(Contains(ParseError(R"({"type": "funnel"})"), "analyses[0].steps"));
  EXPECT_TRUE(Contains(ParseError(R"({"steps": []})"), "analyses[0].steps"));
}

TEST(FunnelSpec, AtMostSixtyFourSteps) {
  nlohmann::json steps = nlohmann::json::array();
  for (int i = 0; i < 65; ++i) steps.push_back("e");
  EXPECT_TRUE(Contains(ParseError(nlohmann::json{{"steps", steps}}.dump()), "at most 64"));
}

TEST(FunnelSpec, StepNeedsAnEventOrConditions) {
  EXPECT_TRUE(Contains(ParseError(R"({"steps": [{"label": "x"}]})"), "analyses[0].steps[0]"));
  EXPECT_TRUE(Contains(ParseError(R"({"steps": [{"event": 5}]})"), "analyses[0].steps[0].event"));
}

TEST(FunnelSpec, BadWindow) {
  EXPECT_TRUE(
      Contains(ParseError(R"({"steps": ["a"], "window": "7 days"})"), "analyses[0].window"));
  EXPECT_TRUE(Contains(ParseError(R"({"steps": ["a"], "window": 7})"), "analyses[0].window"));
}

TEST(FunnelSpec, BadOrderAndCount) {
  EXPECT_TRUE(Contains(ParseError(R"({"steps": ["a"], "order": "random"})"), "analyses[0].order"));
  EXPECT_TRUE(Contains(ParseError(R"({"steps": ["a"], "count": "events"})"), "analyses[0].count"));
}

TEST(FunnelSpec, BadConditions) {
  EXPECT_TRUE(Contains(
      ParseError(
          R"({"steps": [{"event": "a", "where": [{"field": "x", "op": "like", "value": 1}]}]})"),
      "analyses[0].steps[0].where[0].op"));
  EXPECT_TRUE(Contains(
      ParseError(
          R"({"steps": [{"event": "a", "where": [{"field": "x", "op": "gt", "value": "1"}]}]})"),
      "analyses[0].steps[0].where[0].value"));
  EXPECT_TRUE(Contains(
      ParseError(
          R"({"steps": [{"event": "a", "where": [{"field": "x", "op": "in", "value": []}]}]})"),
      "analyses[0].steps[0].where[0].value"));
  EXPECT_TRUE(Contains(ParseError(R"({"steps": [{"event": "a", "where": [{"op": "eq"}]}]})"),
                       "analyses[0].steps[0].where[0].field"));
  EXPECT_TRUE(Contains(
      ParseError(R"({"steps": [{"event": "a", "where": [{"field": "a..b", "value": 1}]}]})"),
      "analyses[0].steps[0].where[0].field"));
}

TEST(FunnelSpec, BadExclusions) {
  EXPECT_TRUE(Contains(
      ParseError(
          R"({"steps": ["a", "b"], "exclusions": [{"event": "x", "from_step": 2, "to_step": 1}]})"),
      "analyses[0].exclusions[0]"));
  EXPECT_TRUE(
      Contains(ParseError(R"({"steps": ["a", "b"], "exclusions": [{"event": "x", "to_step": 3}]})"),
               "analyses[0].exclusions[0].to_step"));
  EXPECT_TRUE(Contains(
      ParseError(R"({"steps": ["a", "b"], "order": "any", "exclusions": [{"event": "x"}]})"),
      "analyses[0].exclusions"));
}

TEST(FunnelSpec, BadBreakdown) {
  EXPECT_TRUE(Contains(ParseError(R"({"steps": ["a"], "breakdown": 3})"), "analyses[0].breakdown"));
}

TEST(FunnelSpec, AcceptsTheDesignExample) {
  FunnelSpec spec;
  const Status status =
      ParseFunnelSpec(nlohmann::json::parse(R"({"type": "funnel", "id": "checkout",
   "steps": [{"event": "view_item"}, {"event": "add_to_cart"},
             {"event": "purchase", "where": [{"field": "param.currency", "op": "eq", "value": "EUR"}]}],
   "window": "7d", "order": "ordered", "count": "users",
   "exclusions": [{"event": "refund", "from_step": 2, "to_step": 3}],
   "breakdown": "channel"})"),
                      "analyses[0]", &spec);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(spec.id, "checkout");
  EXPECT_EQ(spec.steps.size(), 3u);
  EXPECT_EQ(*spec.window_us, 7LL * 86400 * 1000000);
  EXPECT_EQ(spec.exclusions[0].from_step, 1);
  EXPECT_EQ(spec.exclusions[0].to_step, 2);
}

}  // namespace
}  // namespace touchpath
