#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/status.h"
#include "core/engine/session.h"

namespace touchpath::cli {

// A part is worth a thread of its own from this size on (~10 ms of parsing).
inline constexpr uint64_t kMinPartBytes = uint64_t{8} << 20;
// Read [begin, end of file) with this as `end`.
inline constexpr uint64_t kToEndOfFile = UINT64_MAX;

// Files are read this many bytes at a time.
inline constexpr size_t kChunkBytes = size_t{1} << 20;

// A read failure of the input `name`, with the C library's reason (errno).
Status ReadError(const std::string& name);

// Feeds bytes into the session; a refusal's message names the input.
Status FeedOrName(Session& session, std::string_view bytes, const std::string& name);

// Reads bytes [begin, end) of an open file into the session, 1 MiB at a time.
Status FeedFileRange(int fd, uint64_t begin, uint64_t end, Session& session,
                     const std::string& name);

// Where to cut bytes [begin, end) of the file into at most `parts` parts of about equal size,
// none under kMinPartBytes: each cut just after a '\n', ascending, inside (begin, end).
Status LineStartCuts(int fd, uint64_t begin, uint64_t end, unsigned parts, const std::string& name,
                     std::vector<uint64_t>* cuts);

// Reads bytes [begin, end of file) of a GA4 export read line by line (session.ReadsLines(),
// `begin` anywhere) on up to `threads` threads: the bytes are cut at line starts, each later
// part is read by a session of its own on a thread, and the parts are appended in order. The
// session ends as if it had read every byte itself. *parts_appended (if given) counts the
// parts read apart and appended; the others were read by `session` itself.
Status FeedFileInParts(int fd, uint64_t begin, uint64_t size, unsigned threads, Session& session,
                       const std::string& name, unsigned* parts_appended = nullptr);

}  // namespace touchpath::cli
