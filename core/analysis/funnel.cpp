#include "core/analysis/funnel.h"

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/analysis/funnel_chain.h"
#include "core/analysis/ordered_sweep.h"
#include "core/analysis/summary_stats.h"
#include "core/common/hash.h"
#include "core/spec/event_filter.h"

namespace touchpath {

namespace {

constexpr std::string_view kNotSet = "(not set)";

std::string_view OrderName(FunnelOrder order) {
  switch (order) {
    case FunnelOrder::kOrdered:
      return "ordered";
    case FunnelOrder::kStrict:
      return "strict";
    case FunnelOrder::kAny:
      return "any";
  }
  return "";
}

// Which steps and exclusions each event matches. Names are resolved once per distinct event
// name; only filters with `where` conditions look at the event itself.
class EventClassifier {
 public:
  EventClassifier(const EventStore& store, const FunnelSpec& spec) : store_(store) {
    const size_t name_count = store.event_names.size();
    steps_by_name_.assign(name_count, 0);
    exclusions_by_name_.assign(name_count, 0);
    for (size_t step = 0; step < spec.steps.size(); ++step) {
      step_matchers_.emplace_back(store, spec.steps[step]);
      if (!spec.steps[step].where.empty()) conditional_steps_ |= uint64_t{1} << step;
    }
    for (size_t e = 0; e < spec.exclusions.size(); ++e) {
      exclusion_matchers_.emplace_back(store, spec.exclusions[e].filter);
      if (!spec.exclusions[e].filter.where.empty()) conditional_exclusions_ |= 1u << e;
    }
    for (uint32_t name = 0; name < name_count; ++name) {
      for (size_t step = 0; step < step_matchers_.size(); ++step) {
        if (step_matchers_[step].NameMatches(name)) steps_by_name_[name] |= uint64_t{1} << step;
      }
      for (size_t e = 0; e < exclusion_matchers_.size(); ++e) {
        if (exclusion_matchers_[e].NameMatches(name)) exclusions_by_name_[name] |= 1u << e;
      }
    }
  }

  // Bit k for each name matching step k by its name alone.
  const std::vector<uint64_t>& steps_by_name() const { return steps_by_name_; }

  uint64_t Steps(uint64_t event_index) const {
    uint64_t mask = steps_by_name_[store_.event[event_index]];
    uint64_t to_check = mask & conditional_steps_;
    while (to_check != 0) {
      const int step = __builtin_ctzll(to_check);
      if (!step_matchers_[step].Matches(event_index)) mask &= ~(uint64_t{1} << step);
      to_check &= to_check - 1;
    }
    return mask;
  }

  uint8_t Exclusions(uint64_t event_index) const {
    uint32_t mask = exclusions_by_name_[store_.event[event_index]];
    uint32_t to_check = mask & conditional_exclusions_;
    while (to_check != 0) {
      const int e = __builtin_ctz(to_check);
      if (!exclusion_matchers_[e].Matches(event_index)) mask &= ~(1u << e);
      to_check &= to_check - 1;
    }
    return static_cast<uint8_t>(mask);
  }

 private:
  const EventStore& store_;
  std::vector<EventMatcher> step_matchers_;
  std::vector<EventMatcher> exclusion_matchers_;
  std::vector<uint64_t> steps_by_name_;
  std::vector<uint8_t> exclusions_by_name_;
  uint64_t conditional_steps_ = 0;
  uint32_t conditional_exclusions_ = 0;
};

// Sums counted chains into the result's numbers.
class FunnelTally {
 public:
  FunnelTally(const EventStore& store, const FunnelSpec& spec)
      : store_(store),
        step_count_(spec.steps.size()),
        units_by_depth_(spec.steps.size() + 1, 0),
        seconds_from_previous_(spec.steps.size()) {
    if (spec.breakdown) breakdown_field_ = BindField(store, *spec.breakdown);
  }

  void Add(const ChainMatch& chain, uint64_t start_event) {
    const auto depth = static_cast<size_t>(chain.depth);
    ++units_by_depth_[depth];
    for (size_t step = 1; step < depth; ++step) {
      seconds_from_previous_[step].push_back(
          static_cast<double>(chain.step_ts_us[step] - chain.step_ts_us[step - 1]) / 1e6);
    }
    if (depth == step_count_ && step_count_ > 1) {
      seconds_to_convert_.push_back(
          static_cast<double>(chain.step_ts_us[step_count_ - 1] - chain.step_ts_us[0]) / 1e6);
    }
    if (breakdown_field_ && depth > 0) {
      const std::optional<Value> value = ReadField(store_, *breakdown_field_, start_event);
      const auto [slot, added] =
          breakdown_rows_.try_emplace(value, static_cast<uint32_t>(breakdown_values_.size()));
      if (added) {
        breakdown_values_.push_back(value);
        breakdown_counts_.resize(breakdown_counts_.size() + step_count_, 0);
      }
      uint64_t* counts = &breakdown_counts_[size_t{slot->second} * step_count_];
      for (size_t step = 0; step < depth; ++step) ++counts[step];
    }
  }

  nlohmann::json StepsJson(const FunnelSpec& spec) const {
    // Count at step k: the units whose depth is above k.
    std::vector<uint64_t> counts(step_count_, 0);
    uint64_t deeper = 0;
    for (size_t step = step_count_; step-- > 0;) {
      deeper += units_by_depth_[step + 1];
      counts[step] = deeper;
    }
    nlohmann::json steps = nlohmann::json::array();
    const uint64_t started = counts.empty() ? 0 : counts[0];
    for (size_t step = 0; step < step_count_; ++step) {
      const uint64_t count = counts[step];
      const uint64_t previous = step == 0 ? count : counts[step - 1];
      auto ratio = [](uint64_t part, uint64_t whole) {
        return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
      };
      steps.push_back({
          {"label", spec.steps[step].label},
          {"count", count},
          {"conversion_from_start", ratio(count, started)},
          {"conversion_from_previous", ratio(count, previous)},
          {"dropoff", previous - count},
          {"dropoff_rate", step == 0 ? 0.0 : ratio(previous - count, previous)},
          {"median_seconds_from_previous",
           step == 0 ? nlohmann::json(nullptr) : MedianOrNull(seconds_from_previous_[step])},
      });
    }
    return steps;
  }

  nlohmann::json BreakdownJson() const {
    struct Row {
      std::string value;
      std::vector<uint64_t> counts;
    };
    std::vector<Row> rows(breakdown_values_.size());
    for (size_t row = 0; row < rows.size(); ++row) {
      const std::optional<Value>& value = breakdown_values_[row];
      rows[row].value = value ? ValueText(store_, *value) : std::string(kNotSet);
      const uint64_t* counts = &breakdown_counts_[row * step_count_];
      rows[row].counts.assign(counts, counts + step_count_);
    }
    // By value, then values of other kinds that read the same (1 and "1") made one row.
    std::sort(rows.begin(), rows.end(),
              [](const Row& a, const Row& b) { return a.value < b.value; });
    size_t kept = 0;
    for (size_t row = 0; row < rows.size(); ++row) {
      if (kept > 0 && rows[kept - 1].value == rows[row].value) {
        for (size_t step = 0; step < step_count_; ++step) {
          rows[kept - 1].counts[step] += rows[row].counts[step];
        }
      } else {
        if (kept != row) rows[kept] = std::move(rows[row]);
        ++kept;
      }
    }
    rows.resize(kept);
    // Most units first; ties stay by value.
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row& a, const Row& b) { return a.counts[0] > b.counts[0]; });
    nlohmann::json breakdown = nlohmann::json::array();
    auto& array = breakdown.get_ref<nlohmann::json::array_t&>();
    array.reserve(rows.size());
    for (Row& row : rows) {
      nlohmann::json entry = nlohmann::json::object();
      entry.emplace("value", std::move(row.value));
      entry.emplace("counts", std::move(row.counts));
      array.push_back(std::move(entry));
    }
    return breakdown;
  }

  nlohmann::json TimeToConvertJson() const { return DurationSummary(seconds_to_convert_); }

 private:
  const EventStore& store_;
  size_t step_count_;
  std::vector<uint64_t> units_by_depth_;
  std::vector<std::vector<double>> seconds_from_previous_;
  std::vector<double> seconds_to_convert_;
  std::optional<BoundField> breakdown_field_;
  // The breakdown's rows by the step-1 event's value (nullopt: none), each value's text made
  // once, at the end: a text a counted unit cost most of a breakdown's time.
  struct ValueHash {
    size_t operator()(const std::optional<Value>& value) const {
      if (!value) return 0;
      return static_cast<size_t>(HashCombine(static_cast<uint64_t>(value->kind), value->bits));
    }
  };
  std::unordered_map<std::optional<Value>, uint32_t, ValueHash> breakdown_rows_;
  std::vector<std::optional<Value>> breakdown_values_;  // by row
  std::vector<uint64_t> breakdown_counts_;              // step_count_ a row
};

// The common case: users, ordered, no exclusions, steps chosen by event name only.
void TallyUsersBySweep(const EventStore& store, const FunnelSpec& spec,
                       const EventClassifier& classifier, FunnelTally* tally) {
  OrderedChainSweep sweep(spec, classifier.steps_by_name());
  for (size_t entity = 0; entity < store.entity_count(); ++entity) {
    const uint64_t begin = store.entity_begin[entity];
    const auto size = static_cast<uint32_t>(store.entity_begin[entity + 1] - begin);
    const ChainMatch& chain = sweep.Find(&store.ts_us[begin], &store.event[begin], size);
    if (chain.depth > 0) tally->Add(chain, begin + chain.start_position);
  }
}

// Every other case, through FunnelChainFinder on per-event step and exclusion masks.
void TallyUnits(const EventStore& store, const FunnelSpec& spec, const EventClassifier& classifier,
                FunnelTally* tally) {
  FunnelChainFinder finder(spec);
  std::vector<uint64_t> step_masks;
  std::vector<uint8_t> exclusion_masks;
  // Session mode regroups an entity's events by session, keeping time order.
  std::vector<uint32_t> by_session;
  std::vector<uint64_t> session_begin;
  std::vector<int64_t> unit_ts;
  std::vector<uint64_t> unit_steps;
  std::vector<uint8_t> unit_exclusions;

  for (size_t entity = 0; entity < store.entity_count(); ++entity) {
    const uint64_t begin = store.entity_begin[entity];
    const size_t size = store.entity_begin[entity + 1] - begin;
    step_masks.resize(size);
    exclusion_masks.resize(size);
    uint64_t any_step_one = 0;
    for (size_t i = 0; i < size; ++i) {
      step_masks[i] = classifier.Steps(begin + i);
      any_step_one |= step_masks[i] & 1u;
    }
    if (any_step_one == 0) continue;  // nobody here enters the funnel
    exclusion_masks.assign(size, 0);
    if (!spec.exclusions.empty()) {
      for (size_t i = 0; i < size; ++i) exclusion_masks[i] = classifier.Exclusions(begin + i);
    }

    if (spec.count == FunnelCount::kUsers) {
      const FunnelUnit unit{&store.ts_us[begin], step_masks.data(), exclusion_masks.data(), size};
      const ChainMatch chain = finder.Find(unit);
      tally->Add(chain, begin + chain.start_position);
      continue;
    }
    // An entity's sessions are numbered contiguously from its first event's session.
    const uint32_t first_session = store.session[begin];
    uint32_t session_span = 0;
    for (size_t i = 0; i < size; ++i) {
      session_span = std::max(session_span, store.session[begin + i] - first_session + 1);
    }
    session_begin.assign(session_span + 1, 0);
    for (size_t i = 0; i < size; ++i) ++session_begin[store.session[begin + i] - first_session + 1];
    for (uint32_t s = 0; s < session_span; ++s) session_begin[s + 1] += session_begin[s];
    by_session.resize(size);
    {
      std::vector<uint64_t> next(session_begin.begin(), session_begin.end() - 1);
      for (size_t i = 0; i < size; ++i) {
        by_session[next[store.session[begin + i] - first_session]++] = static_cast<uint32_t>(i);
      }
    }
    for (uint32_t s = 0; s < session_span; ++s) {
      const uint64_t from = session_begin[s];
      const size_t count = session_begin[s + 1] - from;
      unit_ts.resize(count);
      unit_steps.resize(count);
      unit_exclusions.resize(count);
      bool enters = false;
      for (size_t j = 0; j < count; ++j) {
        const uint32_t position = by_session[from + j];
        unit_ts[j] = store.ts_us[begin + position];
        unit_steps[j] = step_masks[position];
        unit_exclusions[j] = exclusion_masks[position];
        enters = enters || (unit_steps[j] & 1u);
      }
      if (!enters) continue;
      const FunnelUnit unit{unit_ts.data(), unit_steps.data(), unit_exclusions.data(), count};
      const ChainMatch chain = finder.Find(unit);
      tally->Add(chain, begin + by_session[from + chain.start_position]);
    }
  }
}

}  // namespace

nlohmann::json AnalyzeFunnel(const EventStore& store, const FunnelSpec& spec) {
  const EventClassifier classifier(store, spec);
  FunnelTally tally(store, spec);
  if (spec.count == FunnelCount::kUsers &&
      OrderedChainSweep::Serves(spec, classifier.steps_by_name())) {
    TallyUsersBySweep(store, spec, classifier, &tally);
  } else {
    TallyUnits(store, spec, classifier, &tally);
  }

  nlohmann::json result = {
      {"type", "funnel"},
      {"count", spec.count == FunnelCount::kUsers ? "users" : "sessions"},
      {"order", OrderName(spec.order)},
      {"window_seconds",
       spec.window_us ? nlohmann::json(*spec.window_us / 1000000) : nlohmann::json(nullptr)},
      {"units", spec.count == FunnelCount::kUsers ? store.entity_count() : store.sessions.size()},
      {"steps", tally.StepsJson(spec)},
      {"time_to_convert", tally.TimeToConvertJson()},
  };
  if (!spec.id.empty()) result["id"] = spec.id;
  if (spec.breakdown) result["breakdown"] = tally.BreakdownJson();
  return result;
}

}  // namespace touchpath
