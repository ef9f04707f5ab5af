#include "core/attribution/attribution_spec.h"

#include <gtest/gtest.h>

namespace touchpath {
namespace {

Status Parse(const char* text, AttributionSpec* spec) {
  return ParseAttributionSpec(nlohmann::json::parse(text), "analyses[1]", spec);
}

TEST(ParseAttributionSpec, DefaultsFollowTheDesign) {
  AttributionSpec spec;
  ASSERT_TRUE(Parse(R"({"type": "attribution"})", &spec).ok());
  EXPECT_EQ(spec.conversion.events, (std::vector<std::string>{"purchase"}));
  EXPECT_EQ(spec.touchpoints.touchpoint.kind, FieldKind::kChannel);
  EXPECT_EQ(spec.touchpoints.lookback_us, int64_t{30} * 86400 * 1000000);
  EXPECT_EQ(spec.half_life_us, int64_t{7} * 86400 * 1000000);
  EXPECT_EQ(spec.markov_order, 1);
  EXPECT_EQ(spec.models.size(), 9u);
  EXPECT_DOUBLE_EQ(spec.position_weights.first, 0.4);
  EXPECT_TRUE(spec.transforms.empty());
}

TEST(ParseAttributionSpec, ReadsEveryOption) {
  AttributionSpec spec;
  const Status status = Parse(R"({"type": "attribution", "id": "a1",
      "conversion": {"event": "sign_up"}, "touchpoint": "source_medium", "lookback": "none",
      "value_field": "param.value", "transform": "exposure", "models": ["markov", "linear"],
      "position_weights": [30, 40, 30], "half_life": "12h", "markov_order": 2})",
                              &spec);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(spec.id, "a1");
  EXPECT_EQ(spec.conversion.events, (std::vector<std::string>{"sign_up"}));
  EXPECT_EQ(spec.touchpoints.touchpoint.kind, FieldKind::kSourceMedium);
  EXPECT_FALSE(spec.touchpoints.lookback_us.has_value());
  ASSERT_TRUE(spec.touchpoints.value_field.has_value());
  EXPECT_EQ(spec.touchpoints.value_field->path, "param.value");
  EXPECT_EQ(spec.transforms, (std::vector<PathTransform>{PathTransform::kExposure}));
  EXPECT_EQ(spec.models,
            (std::vector<AttributionModel>{AttributionModel::kMarkov, AttributionModel::kLinear}));
  EXPECT_DOUBLE_EQ(spec.position_weights.middle, 0.4);
  EXPECT_EQ(spec.half_life_us, int64_t{12} * 3600 * 1000000);
  EXPECT_EQ(spec.markov_order, 2);
}

TEST(ParseAttributionSpec, UnknownModelNamesItsPosition) {
  AttributionSpec spec;
  const Status status = Parse(R"({"models": ["linear", "markov", "foo"]})", &spec);
  EXPECT_EQ(status.code(), StatusCode::kBadSpec);
  EXPECT_EQ(status.message().rfind("analyses[1].models[2]: unknown model 'foo'", 0), 0u)
      << status.message();
}

TEST(ParseAttributionSpec, BadLookbackNamesTheField) {
  AttributionSpec spec;
  EXPECT_EQ(Parse(R"({"lookback": "30 days"})", &spec).message().rfind("analyses[1].lookback:", 0),
            0u);
}

TEST(ParseAttributionSpec, MarkovOrderMustBeAPositiveInteger) {
  AttributionSpec spec;
  EXPECT_FALSE(Parse(R"({"markov_order": 0})", &spec).ok());
  EXPECT_FALSE(Parse(R"({"markov_order": 1.5})", &spec).ok());
  EXPECT_FALSE(Parse(R"({"markov_order": "2"})", &spec).ok());
}

TEST(ParseAttributionSpec, PositionWeightsNeedThreeNonNegativeNumbers) {
  AttributionSpec spec;
  EXPECT_FALSE(Parse(R"({"position_weights": [40, 60]})", &spec).ok());
  EXPECT_FALSE(Parse(R"({"position_weights": [40, -20, 40]})", &spec).ok());
  EXPECT_FALSE(Parse(R"({"position_weights": [0, 0, 0]})", &spec).ok());
}

TEST(ParseAttributionSpec, UnknownTransformIsAnError) {
  AttributionSpec spec;
  const Status status = Parse(R"({"transform": "reverse"})", &spec);
  EXPECT_EQ(status.message().rfind("analyses[1].transform: unknown path transform 'reverse'", 0),
            0u);
}

TEST(ParseAttributionSpec, BadConversionFilterNamesTheField) {
  AttributionSpec spec;
  EXPECT_EQ(Parse(R"({"conversion": 3})", &spec).message().rfind("analyses[1].conversion", 0), 0u);
}

TEST(ParseAttributionSpec, UnknownKeysBecomeWarnings) {
  AttributionSpec spec;
  ASSERT_TRUE(Parse(R"({"lookbak": "7d"})", &spec).ok());
  EXPECT_EQ(spec.warnings, (std::vector<std::string>{"analyses[1].lookbak: unknown key, ignored"}));
}

}  // namespace
}  // namespace touchpath
