#pragma once

#include <optional>
#include <string>

#include "core/store/event_store.h"

namespace touchpath {

// A value as text: strings as they are, integers in decimal, doubles in shortest round-trip
// form ("137.8"), so results and filters agree on one spelling.
std::string ValueText(const EventStore& store, Value value);
// A value as a number when it is one or spells one ("42" from an INT64-as-string).
std::optional<double> ValueNumber(const EventStore& store, Value value);

}  // namespace touchpath
