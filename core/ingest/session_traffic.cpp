#include "core/ingest/session_traffic.h"

#include <array>
#include <string_view>

#include "core/channel/default_channel_group.h"
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

struct Evidence {
  uint64_t event = 0;
  bool found = false;
};

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
  std::vector<uint64_t> best_event(session_count, 0);
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
    own_fields.VisitAndAdvance(session_key, [&](uint32_t field_id, Value value) {
      const FieldRole role = roles[field_id];
      if (role.tier < 0) return;
      if (value.kind == ValueKind::kString && store->strings.Get(value.string_id()).empty()) return;
      present[role.tier][role.part] = true;
      any = true;
    });
    if (!any) continue;
    for (int tier = 0; tier < best_tier[session]; ++tier) {
      if (TierDecides(present[tier])) {
        best_tier[session] = static_cast<int8_t>(tier);
        best_event[session] = event;
        break;
      }
    }
  }

  // Reused by every session, so a session costs no allocation once their buffers have grown (a
  // random sample of rows has about a session a row).
  std::array<std::string, kPartCount> texts;
  // The deciding event's texts, read from its row once: by part, for its tier.
  auto read_texts = [&](uint64_t event, Tier tier) {
    for (std::string& text : texts) text.clear();
    std::array<bool, kPartCount> read{};
    store->ForEachOwnField(event, [&](uint32_t field_id, Value value) {
      const FieldRole role = roles[field_id];
      // A repeated field's first value counts.
      if (role.tier != tier || read[role.part]) return;
      read[role.part] = true;
      if (value.kind == ValueKind::kString) {
        texts[role.part].assign(store->strings.Get(value.string_id()));
      } else {
        texts[role.part] = ValueText(*store, value);
      }
    });
  };

  SessionTable& sessions = store->sessions;
  // Consecutive sessions often share their traffic (all do when the load kept no traffic
  // field): then the previous session's ids serve without interning again.
  auto previous_text = [&](const std::vector<uint32_t>& column, size_t session) {
    return store->strings.Get(column[session - 1]);
  };
  auto copy_previous = [&](size_t session) {
    sessions.source[session] = sessions.source[session - 1];
    sessions.medium[session] = sessions.medium[session - 1];
    sessions.campaign[session] = sessions.campaign[session - 1];
    sessions.source_medium[session] = sessions.source_medium[session - 1];
    sessions.channel[session] = sessions.channel[session - 1];
  };
  std::string source_medium;
  for (size_t session = 0; session < session_count; ++session) {
    // Sessions no event decided are all direct: the previous one's ids serve.
    if (session > 0 && best_tier[session] == kTierCount && best_tier[session - 1] == kTierCount) {
      copy_previous(session);
      continue;
    }
    std::string_view source = "(direct)";
    std::string_view medium = "(none)";
    std::string_view campaign = "(direct)";
    std::string_view channel;
    if (best_tier[session] < kTierCount) {
      const auto tier = static_cast<Tier>(best_tier[session]);
      read_texts(best_event[session], tier);
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
    if (session > 0 && source == previous_text(sessions.source, session) &&
        medium == previous_text(sessions.medium, session) &&
        campaign == previous_text(sessions.campaign, session) &&
        channel == previous_text(sessions.channel, session)) {
      copy_previous(session);
      continue;
    }
    source_medium.assign(source).append(" / ").append(medium);
    sessions.source[session] = store->strings.Intern(source);
    sessions.medium[session] = store->strings.Intern(medium);
    sessions.campaign[session] = store->strings.Intern(campaign);
    sessions.source_medium[session] = store->strings.Intern(source_medium);
    sessions.channel[session] = store->strings.Intern(channel);
  }
}

}  // namespace touchpath
