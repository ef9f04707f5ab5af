#include "cli/input_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "cli/file_parts.h"

namespace touchpath::cli {
namespace {

constexpr size_t kFirstReadBytes = size_t{64} << 10;

// Owns a file descriptor (not stdin's).
class InputFile {
 public:
  explicit InputFile(const std::string& path)
      : fd_(path == "-" ? STDIN_FILENO : open(path.c_str(), O_RDONLY | O_CLOEXEC)),
        owned_(path != "-") {}
  ~InputFile() {
    if (owned_ && fd_ >= 0) close(fd_);
  }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  bool is_open() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  // Where reading stands in a regular file and its size (false for pipes, terminals, ...).
  bool RegularFilePosition(uint64_t* position, uint64_t* size) const {
    struct stat status;
    if (fstat(fd_, &status) != 0 || !S_ISREG(status.st_mode)) return false;
    const off_t offset = lseek(fd_, 0, SEEK_CUR);
    if (offset < 0) return false;
    *position = static_cast<uint64_t>(offset);
    *size = static_cast<uint64_t>(status.st_size);
    return true;
  }
  // Reads up to `capacity` bytes; 0 at the end; -1 on error (errno set).
  ssize_t Read(char* buffer, size_t capacity) {
    for (;;) {
      ssize_t count = read(fd_, buffer, capacity);
      if (count >= 0 || errno != EINTR) return count;
    }
  }

 private:
  int fd_;
  bool owned_;
};

// Inflates gzip members (concatenated members too) chunk by chunk into the session.
class GzipFeeder {
 public:
  GzipFeeder() : output_(kChunkBytes) {
    std::memset(&stream_, 0, sizeof(stream_));
    ok_ = inflateInit2(&stream_, 16 + MAX_WBITS) == Z_OK;
  }
  ~GzipFeeder() { inflateEnd(&stream_); }
  GzipFeeder(const GzipFeeder&) = delete;
  GzipFeeder& operator=(const GzipFeeder&) = delete;

  Status Feed(std::string_view compressed, Session& session, const std::string& name) {
    if (!ok_) return Status::BadInput(name + ": cannot start gzip decoder");
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    stream_.avail_in = static_cast<uInt>(compressed.size());
    while (stream_.avail_in > 0) {
      if (member_ended_) {
        // Another gzip member follows the one that ended.
        if (inflateReset(&stream_) != Z_OK) return Corrupt(name);
        member_ended_ = false;
      }
      stream_.next_out = reinterpret_cast<Bytef*>(output_.data());
      stream_.avail_out = static_cast<uInt>(output_.size());
      int code = inflate(&stream_, Z_NO_FLUSH);
      if (code != Z_OK && code != Z_STREAM_END && code != Z_BUF_ERROR) return Corrupt(name);
      size_t produced = output_.size() - stream_.avail_out;
      if (produced > 0) {
        Status status = FeedOrName(session, std::string_view(output_.data(), produced), name);
        if (!status.ok()) return status;
      }
      if (code == Z_STREAM_END) member_ended_ = true;
      if (code == Z_BUF_ERROR && produced == 0) break;
    }
    return Status::Ok();
  }

  // The input ended: the last member must be complete.
  Status End(const std::string& name) const { return member_ended_ ? Status::Ok() : Corrupt(name); }

 private:
  static Status Corrupt(const std::string& name) {
    return Status::BadInput(name + ": corrupt gzip data");
  }

  z_stream stream_;
  std::vector<char> output_;
  bool ok_ = false;
  bool member_ended_ = false;
};

}  // namespace

Status FeedInput(const std::string& path, Session& session, unsigned threads) {
  const std::string name = path == "-" ? "<stdin>" : path;
  InputFile file(path);
  if (!file.is_open()) return ReadError(name);
  session.BeginInput(name);

  std::vector<char> buffer(kChunkBytes);
  // The first two bytes decide gzip or not; a pipe may deliver them in separate reads. The
  // first read is small: the session tells its format from the first 4 KiB, and a file read
  // in parts on several threads parses the bytes read here on this one alone, before the rest.
  size_t filled = 0;
  while (filled < 2) {
    ssize_t count = file.Read(buffer.data() + filled, kFirstReadBytes - filled);
    if (count < 0) return ReadError(name);
    if (count == 0) break;
    filled += static_cast<size_t>(count);
  }
  const bool gzip = filled >= 2 && static_cast<unsigned char>(buffer[0]) == 0x1f &&
                    static_cast<unsigned char>(buffer[1]) == 0x8b;

  uint64_t position = 0;
  uint64_t size = 0;
  if (!gzip && threads > 1 && file.RegularFilePosition(&position, &size)) {
    Status status = FeedOrName(session, std::string_view(buffer.data(), filled), name);
    if (!status.ok()) return status;
    // The first chunk told the format: only GA4 lines can be cut into parts.
    if (session.ReadsLines()) {
      return FeedFileInParts(file.fd(), position, size, threads, session, name);
    }
    return FeedFileRange(file.fd(), position, kToEndOfFile, session, name);
  }
  GzipFeeder gunzip;
  for (;;) {
    if (filled > 0) {
      std::string_view chunk(buffer.data(), filled);
      Status status = gzip ? gunzip.Feed(chunk, session, name) : FeedOrName(session, chunk, name);
      if (!status.ok()) return status;
    }
    ssize_t count = file.Read(buffer.data(), buffer.size());
    if (count < 0) return ReadError(name);
    if (count == 0) break;
    filled = static_cast<size_t>(count);
  }
  return gzip ? gunzip.End(name) : Status::Ok();
}

}  // namespace touchpath::cli
