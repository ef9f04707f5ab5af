#include "core/analysis/summary_stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace touchpath {

namespace {

constexpr double kBucketEdgesSeconds[] = {0,      60,     300,    900,     1800,
                                          3600,   7200,   21600,  43200,   86400,
                                          172800, 259200, 604800, 1209600, 2592000};

}  // namespace

double Quantile(const std::vector<double>& sorted, double fraction) {
  const double rank = fraction * static_cast<double>(sorted.size() - 1);
  const auto lower = static_cast<size_t>(std::floor(rank));
  const size_t upper = std::min(lower + 1, sorted.size() - 1);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - static_cast<double>(lower));
}

nlohmann::json MedianOrNull(std::vector<double> seconds) {
  if (seconds.empty()) return nullptr;
  std::sort(seconds.begin(), seconds.end());
  return Quantile(seconds, 0.5);
}

nlohmann::json DurationSummary(std::vector<double> seconds) {
  nlohmann::json summary = {{"count", seconds.size()}};
  if (seconds.empty()) {
    for (const char* key : {"median_seconds", "p25", "p75", "p90", "mean_seconds"}) {
      summary[key] = nullptr;
    }
    summary["histogram"] = nlohmann::json::array();
    return summary;
  }
  std::sort(seconds.begin(), seconds.end());
  summary["median_seconds"] = Quantile(seconds, 0.5);
  summary["p25"] = Quantile(seconds, 0.25);
  summary["p75"] = Quantile(seconds, 0.75);
  summary["p90"] = Quantile(seconds, 0.9);
  summary["mean_seconds"] =
      std::accumulate(seconds.begin(), seconds.end(), 0.0) / static_cast<double>(seconds.size());

  nlohmann::json histogram = nlohmann::json::array();
  const size_t edge_count = std::size(kBucketEdgesSeconds);
  size_t next = 0;
  for (size_t bucket = 0; bucket < edge_count && next < seconds.size(); ++bucket) {
    const bool last = bucket + 1 == edge_count;
    const double upper = last ? INFINITY : kBucketEdgesSeconds[bucket + 1];
    size_t count = 0;
    while (next < seconds.size() && seconds[next] < upper) {
      ++count;
      ++next;
    }
    histogram.push_back({{"from_seconds", kBucketEdgesSeconds[bucket]},
                         {"to_seconds", last ? nlohmann::json(nullptr) : nlohmann::json(upper)},
                         {"count", count}});
  }
  summary["histogram"] = std::move(histogram);
  return summary;
}

}  // namespace touchpath
