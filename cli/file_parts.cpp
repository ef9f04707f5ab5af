#include "cli/file_parts.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <system_error>
#include <thread>

namespace touchpath::cli {
namespace {

constexpr size_t kCutSearchBytes = size_t{64} << 10;

// Reads up to `capacity` bytes at `offset`; 0 at the end; -1 on error (errno set).
ssize_t ReadAt(int fd, char* buffer, size_t capacity, uint64_t offset) {
  for (;;) {
    const ssize_t count = pread(fd, buffer, capacity, static_cast<off_t>(offset));
    if (count >= 0 || errno != EINTR) return count;
  }
}

// The first line start at or after `from` and before `end` (just after a '\n'); `end` if none.
Status NextLineStart(int fd, uint64_t from, uint64_t end, const std::string& name,
                     uint64_t* line_start) {
  std::vector<char> window(kCutSearchBytes);
  // The byte before `from` may be the '\n' that makes `from` a line start.
  for (uint64_t offset = from - 1; offset < end;) {
    const ssize_t count =
        ReadAt(fd, window.data(), std::min<uint64_t>(window.size(), end - offset), offset);
    if (count < 0) return ReadError(name);
    if (count == 0) break;
    const void* newline = std::memchr(window.data(), '\n', static_cast<size_t>(count));
    if (newline != nullptr) {
      *line_start =
          offset + static_cast<uint64_t>(static_cast<const char*>(newline) - window.data()) + 1;
      return Status::Ok();
    }
    offset += static_cast<uint64_t>(count);
  }
  *line_start = end;
  return Status::Ok();
}

// A later part read on a thread of its own (or, if no thread could be started, on the caller's).
struct LaterPart {
  uint64_t begin = 0;
  uint64_t end = 0;
  std::unique_ptr<Session> session;
  Status status;
  std::thread reader;
};

}  // namespace

Status ReadError(const std::string& name) {
  return Status::BadInput("cannot read " + name + ": " + std::strerror(errno));
}

Status FeedOrName(Session& session, std::string_view bytes, const std::string& name) {
  Status status = session.Feed(bytes);
  if (status.ok()) return status;
  return Status::BadInput(name + ": " + status.message());
}

Status FeedFileRange(int fd, uint64_t begin, uint64_t end, Session& session,
                     const std::string& name) {
  std::vector<char> buffer(kChunkBytes);
  for (uint64_t offset = begin; offset < end;) {
    const ssize_t count =
        ReadAt(fd, buffer.data(), std::min<uint64_t>(buffer.size(), end - offset), offset);
    if (count < 0) return ReadError(name);
    if (count == 0) break;
    Status status = FeedOrName(session, std::string_view(buffer.data(), count), name);
    if (!status.ok()) return status;
    offset += static_cast<uint64_t>(count);
  }
  return Status::Ok();
}

Status LineStartCuts(int fd, uint64_t begin, uint64_t end, unsigned parts, const std::string& name,
                     std::vector<uint64_t>* cuts) {
  cuts->clear();
  const uint64_t bytes = end > begin ? end - begin : 0;
  parts = static_cast<unsigned>(std::min<uint64_t>(parts, bytes / kMinPartBytes));
  for (unsigned part = 1; part < parts; ++part) {
    const uint64_t target =
        std::max(begin + bytes / parts * part, cuts->empty() ? begin + 1 : cuts->back() + 1);
    uint64_t cut = end;
    Status status = NextLineStart(fd, target, end, name, &cut);
    if (!status.ok()) return status;
    if (cut >= end) break;
    cuts->push_back(cut);
  }
  return Status::Ok();
}

Status FeedFileInParts(int fd, uint64_t begin, uint64_t size, unsigned threads, Session& session,
                       const std::string& name, unsigned* parts_appended) {
  if (parts_appended != nullptr) *parts_appended = 0;
  std::vector<uint64_t> cuts;
  Status status = LineStartCuts(fd, begin, size, threads, name, &cuts);
  if (!status.ok()) return status;
  if (cuts.empty()) return FeedFileRange(fd, begin, kToEndOfFile, session, name);

  std::vector<LaterPart> parts(cuts.size());
  for (size_t i = 0; i < parts.size(); ++i) {
    LaterPart& part = parts[i];
    part.begin = cuts[i];
    // The last part reads to the end, as a single reader would, should the file have grown.
    part.end = i + 1 < cuts.size() ? cuts[i + 1] : kToEndOfFile;
    part.session = session.NewLaterPart();
    try {
      part.reader = std::thread([fd, &part, &name] {
        part.status = FeedFileRange(fd, part.begin, part.end, *part.session, name);
      });
    } catch (const std::system_error&) {
      part.session.reset();  // read in order below
    }
  }
  status = FeedFileRange(fd, begin, cuts.front(), session, name);
  for (LaterPart& part : parts) {
    if (part.reader.joinable()) part.reader.join();
  }
  for (LaterPart& part : parts) {
    if (!status.ok()) break;
    if (part.session && !part.status.ok()) return part.status;
    // A part that could not be read apart or merged is read here, in order.
    if (part.session && session.AppendLaterPart(std::move(*part.session))) {
      if (parts_appended != nullptr) ++*parts_appended;
    } else {
      status = FeedFileRange(fd, part.begin, part.end, session, name);
    }
  }
  return status;
}

}  // namespace touchpath::cli
