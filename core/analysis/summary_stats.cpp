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

double Quantile(std::vector<double>* values, double fraction) {
  const double rank = fraction * static_cast<double>(values->size() - 1);
  const auto lower = static_cast<size_t>(std::floor(rank));
  const auto lower_at = values->begin() + static_cast<std::ptrdiff_t>(lower);
  std::nth_element(values->begin(), lower_at, values->end());
  const double low = *lower_at;
  if (rank == static_cast<double>(lower) || lower + 1 == values->size()) return low;
  const double high = *std::min_element(lower_at + 1, values->end());
  return low + (high - low) * (rank - static_cast<double>(lower));
}

nlohmann::json MedianOrNull(std::vector<double> seconds) {
  if (seconds.empty()) return nullptr;
  return Quantile(&seconds, 0.5);
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
  // The mean first, while the values are still in the order the units came in.
  summary["mean_seconds"] =
      std::accumulate(seconds.begin(), seconds.end(), 0.0) / static_cast<double>(seconds.size());

  const size_t edge_count = std::size(kBucketEdgesSeconds);
  std::vector<uint64_t> bucket_counts(edge_count, 0);
  size_t last_bucket = 0;
  for (double value : seconds) {
    const auto above =
        std::upper_bound(std::begin(kBucketEdgesSeconds), std::end(kBucketEdgesSeconds), value);
    const size_t bucket = above == std::begin(kBucketEdgesSeconds)
                              ? 0
                              : static_cast<size_t>(above - std::begin(kBucketEdgesSeconds)) - 1;
    ++bucket_counts[bucket];
    last_bucket = std::max(last_bucket, bucket);
  }
  nlohmann::json histogram = nlohmann::json::array();
  for (size_t bucket = 0; bucket <= last_bucket; ++bucket) {
    const bool last = bucket + 1 == edge_count;
    histogram.push_back({{"from_seconds", kBucketEdgesSeconds[bucket]},
                         {"to_seconds", last ? nlohmann::json(nullptr)
                                             : nlohmann::json(kBucketEdgesSeconds[bucket + 1])},
                         {"count", bucket_counts[bucket]}});
  }

  summary["median_seconds"] = Quantile(&seconds, 0.5);
  summary["p25"] = Quantile(&seconds, 0.25);
  summary["p75"] = Quantile(&seconds, 0.75);
  summary["p90"] = Quantile(&seconds, 0.9);
  summary["histogram"] = std::move(histogram);
  return summary;
}

}  // namespace touchpath
