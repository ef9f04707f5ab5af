#include "core/attribution/models/markov.h"

#include <algorithm>
#include <unordered_map>

#include "core/attribution/models/dense_lu.h"

namespace touchpath {

namespace {

// The transient states of an order-k chain: k-grams of channel ids.
class StateSpace {
 public:
  StateSpace(const PathTable& table, int order) : table_(table), order_(order) {}

  // Calls visit(state) for the row's collapsed state sequence; with `add` false, unknown
  // k-grams are kNoState.
  template <typename Visit>
  void VisitStates(size_t row, bool add, Visit&& visit) {
    const uint32_t* path = table_.path_begin(row);
    const size_t length = table_.path_length(row);
    uint32_t previous = kNoState;
    if (order_ == 1) {  // the states are the channels: no lookup
      for (size_t touch = 0; touch < length; ++touch) {
        if (path[touch] != previous) visit(path[touch]);
        previous = path[touch];
      }
      return;
    }
    const size_t order = static_cast<size_t>(order_);
    const size_t windows = length <= order ? 1 : length - order + 1;
    for (size_t start = 0; start < windows; ++start) {
      const uint32_t state = Lookup(path + start, std::min(order, length), add);
      if (start == 0 || state != previous) visit(state);
      previous = state;
    }
  }

  size_t size() const { return order_ == 1 ? table_.channel_count() : grams_.size(); }
  std::vector<uint32_t> Gram(uint32_t state) const {
    if (order_ == 1) return {state};
    return grams_[state];
  }

 private:
  uint32_t Lookup(const uint32_t* gram, size_t length, bool add) {
    key_.assign(reinterpret_cast<const char*>(gram), length * sizeof(uint32_t));
    auto found = ids_.find(key_);
    if (found != ids_.end()) return found->second;
    if (!add) return kNoState;
    const auto id = static_cast<uint32_t>(grams_.size());
    ids_.emplace(key_, id);
    grams_.emplace_back(gram, gram + length);
    return id;
  }

  static constexpr uint32_t kNoState = 0xFFFFFFFFu;
  const PathTable& table_;
  int order_;
  std::string key_;
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::vector<uint32_t>> grams_;
};

std::string GramLabel(const PathTable& table, const std::vector<uint32_t>& gram) {
  std::string label;
  for (uint32_t channel : gram) {
    if (!label.empty()) label += " > ";
    label += table.channels[channel];
  }
  return label;
}

}  // namespace

MarkovResult MarkovModel(const PathTable& table, int order) {
  MarkovResult result;
  StateSpace space(table, order);
  if (order > 1) {
    for (size_t row = 0; row < table.row_count(); ++row) {
      space.VisitStates(row, /*add=*/true, [](uint32_t) {});
      if (space.size() > kMaxMarkovStates) break;
    }
  }
  const size_t n = space.size();
  if (n > kMaxMarkovStates) {
    result.credit = UnavailableCredit(
        "markov order " + std::to_string(order) + " has more than " +
        std::to_string(kMaxMarkovStates) +
        " states (channel k-grams in the paths), too many for the exact solve; use a lower "
        "markov_order");
    return result;
  }

  // weights[from * columns + to]: from 0 = (start), 1 + s = state s; to s = state s,
  // n = (conversion), n + 1 = (null).
  const size_t columns = n + 2;
  std::vector<double> weights((n + 1) * columns, 0.0);
  double total_conversions = 0;
  double total_value = 0;
  for (size_t row = 0; row < table.row_count(); ++row) {
    total_conversions += table.conversions[row];
    total_value += table.value[row];
    const double journeys = table.conversions[row] + table.nulls[row];
    if (journeys <= 0 || table.path_length(row) == 0) continue;
    size_t from = 0;
    space.VisitStates(row, /*add=*/false, [&](uint32_t state) {
      weights[from * columns + state] += journeys;
      from = 1 + state;
    });
    weights[from * columns + n] += table.conversions[row];
    weights[from * columns + n + 1] += table.nulls[row];
  }

  // Row-normalise into probabilities; keep the transitions for the chart.
  result.state_labels.push_back("(start)");
  for (uint32_t state = 0; state < n; ++state) {
    result.state_labels.push_back(GramLabel(table, space.Gram(state)));
  }
  result.state_labels.push_back("(conversion)");
  result.state_labels.push_back("(null)");
  std::vector<double> probabilities(weights.size(), 0.0);
  for (size_t from = 0; from <= n; ++from) {
    double out = 0;
    for (size_t to = 0; to < columns; ++to) out += weights[from * columns + to];
    if (out <= 0) continue;
    for (size_t to = 0; to < columns; ++to) {
      const double weight = weights[from * columns + to];
      if (weight <= 0) continue;
      probabilities[from * columns + to] = weight / out;
      result.transitions.push_back(
          {static_cast<uint32_t>(from), static_cast<uint32_t>(to + 1), weight / out});
    }
  }

  result.removal_effects.assign(table.channel_count(), 0.0);
  result.credit = ZeroCredit(table);
  if (n == 0) return result;
  // A = I - Q over the transient states; x = absorption probabilities into (conversion);
  // visits = expected visits from (start), i.e. A^-T p.
  std::vector<double> a(n * n, 0.0);
  std::vector<double> x(n), visits(n);
  for (size_t i = 0; i < n; ++i) {
    a[i * n + i] = 1.0;
    for (size_t j = 0; j < n; ++j) a[i * n + j] -= probabilities[(1 + i) * columns + j];
    x[i] = probabilities[(1 + i) * columns + n];
    visits[i] = probabilities[i];
  }
  const DenseLu lu(std::move(a), n);
  if (!lu.ok()) {
    result.credit = UnavailableCredit("markov: the transition matrix is singular");
    return result;
  }
  lu.Solve(&x);
  lu.SolveTransposed(&visits);
  double conversion_probability = 0;
  for (size_t s = 0; s < n; ++s) conversion_probability += probabilities[s] * x[s];
  result.conversion_probability = conversion_probability;
  if (conversion_probability <= 0) return result;

  // Removing channel c makes the states R containing it lead to (null). A path from (start)
  // converts without touching R with probability P - visits_R^T (G_RR)^-1 x_R, where
  // G = A^-1 and G_RR^-1 turns visit counts into first-hit probabilities.
  std::vector<std::vector<uint32_t>> states_with(table.channel_count());
  for (uint32_t state = 0; state < n; ++state) {
    std::vector<uint32_t> gram = space.Gram(state);
    std::sort(gram.begin(), gram.end());
    gram.erase(std::unique(gram.begin(), gram.end()), gram.end());
    for (uint32_t channel : gram) states_with[channel].push_back(state);
  }
  // Columns of G, each solved once: a k-gram state belongs to up to k channels' sets.
  std::vector<std::vector<double>> g_columns(n);
  const auto g_column = [&](uint32_t state) -> const std::vector<double>& {
    std::vector<double>& column = g_columns[state];
    if (column.empty()) {
      column.assign(n, 0.0);
      column[state] = 1.0;
      lu.Solve(&column);
    }
    return column;
  };
  double effect_sum = 0;
  for (size_t channel = 0; channel < table.channel_count(); ++channel) {
    const std::vector<uint32_t>& removed = states_with[channel];
    const size_t m = removed.size();
    if (m == 0) continue;
    std::vector<double> g_rr(m * m);
    for (size_t b = 0; b < m; ++b) {
      const std::vector<double>& column = g_column(removed[b]);
      for (size_t a_index = 0; a_index < m; ++a_index) {
        g_rr[a_index * m + b] = column[removed[a_index]];
      }
    }
    std::vector<double> hit(m);
    for (size_t i = 0; i < m; ++i) hit[i] = x[removed[i]];
    const DenseLu small(std::move(g_rr), m);
    if (!small.ok()) continue;
    small.Solve(&hit);
    double lost = 0;
    for (size_t i = 0; i < m; ++i) lost += visits[removed[i]] * hit[i];
    const double effect = std::clamp(lost / conversion_probability, 0.0, 1.0);
    result.removal_effects[channel] = effect;
    effect_sum += effect;
  }
  if (effect_sum <= 0) return result;
  for (size_t channel = 0; channel < table.channel_count(); ++channel) {
    const double share = result.removal_effects[channel] / effect_sum;
    result.credit.conversions[channel] = total_conversions * share;
    result.credit.value[channel] = total_value * share;
  }
  return result;
}

}  // namespace touchpath
