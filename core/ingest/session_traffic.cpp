#include "core/ingest/session_traffic.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/channel/default_channel_group.h"
#include "core/common/hash.h"
#include "core/store/value_text.h"

namespace touchpath {

namespace {

enum Part { kSource, kMedium, kCampaign, kChannel, kGclid, kPartCount };
// In order of precedence. A collected gclid is its own tier, below the collected manual_*
// fields: a session's utm-tagged hit outranks an auto-tagged one elsewhere in the session.
enum Tier {
  kLastClickCrossChannel,
  kLastClickManual,
  kCollected,
  kCollectedGclid,
  kParams,
  kTierCount
};

// Distinct deciding strings whose traffic ids are remembered (a few MiB at most; exports have
// a few hundred).
constexpr size_t kMaxRememberedDecisions = size_t{1} << 16;

struct FieldRole {
  int8_t tier = -1;
  int8_t part = -1;
};

constexpr struct {
  std::string_view path;
  Tier tier;
  Part part;
} kEvidenceFields[] = {
    {"session_traffic_source_last_click.cross_channel_campaign.source", kLastClickCrossChannel,
     kSource},
    {"session_traffic_source_last_click.cross_channel_campaign.medium", kLastClickCrossChannel,
     kMedium},
    {"session_traffic_source_last_click.cross_channel_campaign.campaign_name",
     kLastClickCrossChannel, kCampaign},
    {"session_traffic_source_last_click.cross_channel_campaign.default_channel_group",
     kLastClickCrossChannel, kChannel},
    {"session_traffic_source_last_click.manual_campaign.source", kLastClickManual, kSource},
    {"session_traffic_source_last_click.manual_campaign.medium", kLastClickManual, kMedium},
    {"session_traffic_source_last_click.manual_campaign.campaign_name", kLastClickManual,
     kCampaign},
    {"collected_traffic_source.manual_source", kCollected, kSource},
    {"collected_traffic_source.manual_medium", kCollected, kMedium},
    {"collected_traffic_source.manual_campaign_name", kCollected, kCampaign},
    {"collected_traffic_source.gclid", kCollectedGclid, kGclid},
    {"param.source", kParams, kSource},
    {"param.medium", kParams, kMedium},
    {"param.campaign", kParams, kCampaign},
    {"param.gclid", kParams, kGclid},
};

// Whether a tier on this event says where the session came from.
bool TierDecides(const std::array<bool, kPartCount>& present) {
  return present[kSource] || present[kMedium] || present[kGclid];
}

// What a session's traffic follows from: its deciding tier (kTierCount: none) and the string
// ids of the values that tier holds on the deciding event (kNoId: the part is absent; for the
// gclid, 1 or 0: whether there is one).
struct DecidingStrings {
  int tier = kTierCount;
  std::array<uint32_t, kPartCount> string_ids;

  bool operator==(const DecidingStrings& other) const {
    return tier == other.tier && string_ids == other.string_ids;
  }
};

struct DecidingStringsHash {
  size_t operator()(const DecidingStrings& deciding) const {
    uint64_t hash = static_cast<uint64_t>(deciding.tier);
    for (const uint32_t id : deciding.string_ids) hash = HashCombine(hash, id);
    return static_cast<size_t>(hash);
  }
};

// A session's traffic columns, as string ids.
struct TrafficIds {
  uint32_t source;
  uint32_t medium;
  uint32_t campaign;
  uint32_t source_medium;
  uint32_t channel;
};

}  // namespace

void ResolveSessionTraffic(EventStore* store) {
  std::vector<FieldRole> roles(store->fields.size());
  std::vector<bool> is_evidence(store->fields.size());
  bool any_evidence_field = false;
  for (const auto& field : kEvidenceFields) {
    const uint32_t id = store->fields.Find(field.path);
    if (id == kNoId) continue;
    roles[id] = FieldRole{static_cast<int8_t>(field.tier), static_cast<int8_t>(field.part)};
    is_evidence[id] = true;
    any_evidence_field = true;
  }

  const size_t session_count = store->sessions.size();
  std::vector<int8_t> best_tier(session_count, kTierCount);
  // Where the deciding event's own fields are, so they are read again without a row search.
  std::vector<PackedFieldTable::RowPosition> best_row(session_count, nullptr);
  PackedFieldTable::RowWalker own_fields = store->event_fields.WalkRows(std::move(is_evidence));
  // Without a traffic field (a projected load that reads none) every session is direct.
  const uint64_t events_to_read = any_evidence_field ? store->event_count() : 0;
  for (uint64_t event = 0; event < events_to_read; ++event) {
    const uint32_t session = store->session[event];
    if (best_tier[session] == 0) {  // nothing outranks the session's deciding event
      own_fields.Advance();
      continue;
    }
    std::array<std::array<bool, kPartCount>, kTierCount> present{};
    bool any = false;
    const int64_t session_key = store->sessions.key[session];
    const PackedFieldTable::RowPosition row = own_fields.Position();
    own_fields.VisitWantedAndAdvance(session_key, [&](uint32_t field_id, Value value) {
      const FieldRole role = roles[field_id];
      if (value.kind == ValueKind::kString && store->strings.Get(value.string_id()).empty()) return;
      present[role.tier][role.part] = true;
      any = true;
    });
    if (!any) continue;
    for (int tier = 0; tier < best_tier[session]; ++tier) {
      if (TierDecides(present[tier])) {
        best_tier[session] = static_cast<int8_t>(tier);
        best_row[session] = row;
        break;
      }
    }
  }

  // The deciding event's first value of each part, for its tier.
  std::array<std::optional<Value>, kPartCount> values;
  auto read_values = [&](size_t session, Tier tier) {
    const int64_t session_key = store->sessions.key[session];
    store->event_fields.ForEachFieldAt(best_row[session], session_key, [&](uint32_t field_id,
                                                                           Value value) {
      const FieldRole role = roles[field_id];
      // A repeated field's first value counts.
      if (role.tier == tier && !values[role.part]) values[role.part] = value;
    });
  };
  // Sessions deciding on the same strings (most of an export's sessions share a few hundred
  // sources) get the ids worked out for the first of them: GA4's channel rules and the
  // interning run once for each.
  std::unordered_map<DecidingStrings, TrafficIds, DecidingStringsHash> traffic_of;
  std::array<std::string, kPartCount> texts;  // reused: no allocation once grown
  std::string source_medium;
  auto work_out = [&](Tier tier) {
    for (int part = 0; part < kPartCount; ++part) {
      const std::optional<Value>& value = values[part];
      if (!value) {
        texts[part].clear();
      } else if (value->kind == ValueKind::kString) {
        texts[part].assign(store->strings.Get(value->string_id()));
      } else {
        texts[part] = ValueText(*store, *value);
      }
    }
    std::string_view source = "(direct)";
    std::string_view medium = "(none)";
    std::string_view campaign = "(direct)";
    std::string_view channel;
    if (tier < kTierCount) {
      source = texts[kSource];
      medium = texts[kMedium];
      campaign = texts[kCampaign];
      if (source.empty() && medium.empty() && !texts[kGclid].empty()) {
        source = "google";
        medium = "cpc";
      }
      if (source.empty()) source = "(not set)";
      if (medium.empty()) medium = "(not set)";
      if (campaign.empty()) campaign = "(not set)";
      if (tier == kLastClickCrossChannel) channel = texts[kChannel];
    }
    if (channel.empty()) channel = DefaultChannelGroup(source, medium, campaign);
    source_medium.assign(source).append(" / ").append(medium);
    return TrafficIds{store->strings.Intern(source), store->strings.Intern(medium),
                      store->strings.Intern(campaign), store->strings.Intern(source_medium),
                      store->strings.Intern(channel)};
  };

  SessionTable& sessions = store->sessions;
  std::optional<DecidingStrings> previous_deciding;
  TrafficIds previous_ids{};
  for (size_t session = 0; session < session_count; ++session) {
    const auto tier = static_cast<Tier>(best_tier[session]);
    values.fill(std::nullopt);
    if (tier < kTierCount) read_values(session, tier);
    // Numbers (an int source, say) are rare: their sessions are worked out one by one.
    DecidingStrings deciding{tier, {}};
    bool all_strings = true;
    for (int part = 0; part < kPartCount; ++part) {
      const std::optional<Value>& value = values[part];
      if (part == kGclid) {
        // Only whether there is one counts, and each click has its own: keyed by its id, the
        // map would grow by a session a click.
        const bool empty = value && value->kind == ValueKind::kString &&
                           store->strings.Get(value->string_id()).empty();
        deciding.string_ids[part] = value && !empty ? 1 : 0;
        continue;
      }
      all_strings = all_strings && (!value || value->kind == ValueKind::kString);
      deciding.string_ids[part] =
          value && value->kind == ValueKind::kString ? value->string_id() : kNoId;
    }
    TrafficIds ids;
    if (!all_strings) {
      ids = work_out(tier);
    } else if (previous_deciding == deciding) {
      ids = previous_ids;  // a run of sessions alike: every session, when all are direct
    } else if (const auto found = traffic_of.find(deciding); found != traffic_of.end()) {
      ids = found->second;
    } else {
      ids = work_out(tier);
      // Capped, so the memory a load may need is known before it finishes (the memory limit):
      // sessions past it are worked out one by one.
      if (traffic_of.size() < kMaxRememberedDecisions) traffic_of.emplace(deciding, ids);
    }
    previous_deciding = all_strings ? std::optional(deciding) : std::nullopt;
    previous_ids = ids;
    sessions.source[session] = ids.source;
    sessions.medium[session] = ids.medium;
    sessions.campaign[session] = ids.campaign;
    sessions.source_medium[session] = ids.source_medium;
    sessions.channel[session] = ids.channel;
  }
}

}  // namespace touchpath
