#include "core/attribution/path_transform.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "tests/native/attribution/attribution_fixtures.h"

namespace touchpath {
namespace {

std::string Transformed(const std::string& path, PathTransform transform) {
  const PathTable table = ApplyPathTransform(testing::MakePaths({{path, 1, 0, 0}}), transform);
  return PathText(table, 0);
}

TEST(PathTransform, UniqueKeepsThePathAsItIs) {
  EXPECT_EQ(Transformed("Example > Video > Direct > Direct", PathTransform::kUnique),
            "Example > Video > Direct > Direct");
}

TEST(PathTransform, ExposureCollapsesConsecutiveRepeats) {
  EXPECT_EQ(Transformed("a > a > a > Direct > a > Direct > Direct", PathTransform::kExposure),
            "a > Direct > a > Direct");
}

TEST(PathTransform, FirstKeepsFirstTouchPerChannel) {
  EXPECT_EQ(Transformed("a > a > a > Direct > a > Direct > Direct", PathTransform::kFirst),
            "a > Direct");
}

TEST(PathTransform, FrequencyCountsTouchesPerChannel) {
  EXPECT_EQ(Transformed("a > a > a > Direct > a > Direct > Direct", PathTransform::kFrequency),
            "a(4) > Direct(3)");
}

TEST(PathTransform, KeepsNumbersAndTimesOfKeptTouches) {
  PathTable table;
  PathTableBuilder builder(&table);
  builder.AddTouch(builder.ChannelId("A"), 10);
  builder.AddTouch(builder.ChannelId("A"), 20);
  builder.AddTouch(builder.ChannelId("B"), 30);
  builder.EndTimedRow(2, 5, 1, 40);
  const PathTable exposed = ApplyPathTransform(table, PathTransform::kExposure);
  EXPECT_EQ(exposed.touch_time_us, (std::vector<int64_t>{10, 30}));
  EXPECT_EQ(exposed.conversion_time_us, (std::vector<int64_t>{40}));
  EXPECT_EQ(exposed.conversions, (std::vector<double>{2}));
  EXPECT_EQ(exposed.value, (std::vector<double>{5}));
  EXPECT_EQ(exposed.nulls, (std::vector<double>{1}));
}

// Every case of fractribution's test_path_transformations_expected.sql.
TEST(PathTransform, MatchesFractributionExpectations) {
  const std::string file = std::string(TOUCHPATH_SHARED_DATA_DIR) +
                           "/fractribution_snowplow/test_path_transformations_expected.sql.txt";
  std::ifstream input(file);
  if (!input) GTEST_SKIP() << "reference data not found: " << file;
  std::stringstream text;
  text << input.rdbuf();
  const std::string sql = text.str();
  const std::regex column("'([^']*)' as (\\w+)");
  std::string raw;
  int checked = 0;
  for (auto match = std::sregex_iterator(sql.begin(), sql.end(), column);
       match != std::sregex_iterator(); ++match) {
    const std::string value = (*match)[1];
    const std::string name = (*match)[2];
    PathTransform transform;
    if (name == "raw_array") {
      raw = value;
      continue;
    }
    if (name == "unique_path")
      transform = PathTransform::kUnique;
    else if (name == "exposure_path")
      transform = PathTransform::kExposure;
    else if (name == "first_path")
      transform = PathTransform::kFirst;
    else if (name == "frequency_path")
      transform = PathTransform::kFrequency;
    else
      continue;
    EXPECT_EQ(Transformed(raw, transform), value) << name << " of '" << raw << "'";
    ++checked;
  }
  EXPECT_EQ(checked, 28);  // 7 cases x 4 transforms
}

}  // namespace
}  // namespace touchpath
