#pragma once

#include <nlohmann/json.hpp>
#include <vector>

namespace touchpath {

// Quantile by linear interpolation between closest ranks (numpy's default): the median of
// an even count is the mean of the two middle values. `values` must be non-empty; they are
// reordered (selection, not a sort: linear time).
double Quantile(std::vector<double>* values, double fraction);

// {count, median_seconds, p25, p75, p90, mean_seconds, histogram: [{from_seconds,
// to_seconds, count}]} over durations in seconds; nulls when there are none. The histogram's
// buckets are fixed, human-sized (1m, 5m, 15m, 30m, 1h, 2h, 6h, 12h, 1d, 2d, 3d, 7d, 14d, 30d)
// up to the largest duration, so two results compare bucket by bucket.
nlohmann::json DurationSummary(std::vector<double> seconds);

// The median of durations, or null when there are none.
nlohmann::json MedianOrNull(std::vector<double> seconds);

}  // namespace touchpath
