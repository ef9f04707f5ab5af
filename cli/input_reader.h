#pragma once

#include <string>

#include "core/common/status.h"
#include "core/engine/session.h"

namespace touchpath::cli {

// Streams one input ("-" = stdin) into the session in 1 MiB chunks, gunzipping it when its
// first bytes are the gzip magic (1f 8b), whatever its name. Never holds the whole file.
// A plain file of GA4 lines is read on up to `threads` threads (see FeedFileInParts).
// kBadInput (message names the input) when it cannot be read, is corrupt, or the engine refuses.
Status FeedInput(const std::string& path, Session& session, unsigned threads);

}  // namespace touchpath::cli
