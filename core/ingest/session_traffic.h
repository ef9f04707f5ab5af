#pragma once

#include "core/store/event_store.h"

namespace touchpath {

// Fills the session table's source / medium / campaign / source_medium / channel. Per
// session, the first event (in time order) of the best available evidence wins:
//   1. session_traffic_source_last_click (GA4's own session attribution, incl. its channel),
//   2. collected_traffic_source.manual_*,
//   3. collected_traffic_source.gclid (without manual_* on its event): google / cpc,
//   4. the event params source / medium / campaign (gclid alone means google / cpc),
//   5. otherwise (direct) / (none).
// The user-scoped traffic_source record is never used: it is the user's first-ever source.
void ResolveSessionTraffic(EventStore* store);

}  // namespace touchpath
