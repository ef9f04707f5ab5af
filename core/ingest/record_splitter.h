#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace touchpath {

struct Record {
  // Valid only during RecordSink::OnRecord: it points into the fed chunk or into the
  // splitter's carry buffer.
  std::string_view text;
  // 1-based line of the input where the record starts.
  uint64_t line = 0;
};

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void OnRecord(const Record& record) = 0;
  // A record that was skipped or a structural problem of the input; splitting goes on unless
  // the input can no longer be split (a broken JSON array), which is reported once.
  virtual void OnError(uint64_t line, std::string_view message) = 0;
};

// Splits a byte stream, fed in chunks of any size, into records.
//
// The mode is chosen by the first byte that is not whitespace (after an optional UTF-8 BOM):
//  - '[': JSON-array mode. The records are the elements of that one top-level array, which
//    may span many lines; each record's text is the element without surrounding whitespace.
//    Elements are delimited by bracket depth and string state only: their JSON is not
//    validated here (the record parser does that).
//  - anything else: line mode (NDJSON, CSV). A record is a line without its '\n' and a
//    trailing '\r'; lines holding only whitespace are not records.
//
// Records that lie wholly inside one chunk are passed without copying; only a record that
// spans chunks is assembled in a carry buffer. A record longer than max_record_bytes is
// reported through OnError and skipped, so memory stays bounded by that limit (in array mode
// the length counts the whitespace between an element and its ',' or ']').
class RecordSplitter {
 public:
  static constexpr size_t kDefaultMaxRecordBytes = size_t{64} << 20;

  explicit RecordSplitter(size_t max_record_bytes = kDefaultMaxRecordBytes);

  // Starts a new input: the mode is detected again and line numbers restart at 1.
  void Reset();
  // Starts a later part of an input read in line mode, from a line start (the part is read on
  // another thread): no detection, no BOM; line numbers restart at 1.
  void ResetInLineMode();
  void Feed(std::string_view chunk, RecordSink& sink);
  // Ends the input: emits a last line without '\n' and reports an unterminated array. Call
  // Reset before feeding another input.
  void Finish(RecordSink& sink);

  // Whether the input was detected as one JSON array (false until the first non-whitespace
  // byte has been seen).
  bool array_mode() const { return mode_ == Mode::kArray; }
  bool line_mode() const { return mode_ == Mode::kLines; }
  // In line mode, between lines: the input could be cut here into parts read apart.
  bool at_line_start() const { return line_mode() && carry_.empty() && !skipping_too_long_; }
  // The line the next byte belongs to.
  uint64_t line() const { return line_; }
  // Counts lines another splitter read: a later part of this input, read on another thread.
  void SkipLines(uint64_t count) { line_ += count; }

 private:
  enum class Mode { kDetecting, kLines, kArray };
  enum class ArrayState {
    kExpectFirstElementOrEnd,  // after '['
    kExpectElement,            // after ','
    kInElement,
    kAfterArray,  // after the closing ']': only whitespace may follow
    kStopped,     // after a structural error, reported once; the rest is ignored
  };

  const char* FeedDetecting(const char* p, const char* end);
  void FeedLines(const char* p, const char* end, RecordSink& sink);
  void FeedArray(const char* p, const char* end, RecordSink& sink);
  const char* ScanElement(const char* p, const char* end, RecordSink& sink);

  void EmitLine(const char* begin, size_t size, RecordSink& sink);
  void AppendLineToCarry(const char* begin, const char* end, RecordSink& sink);
  void AppendElementToCarry(const char* begin, const char* end, RecordSink& sink);
  void EndElement(const char* segment_begin, const char* segment_end, RecordSink& sink);
  void StopArray(uint64_t line, std::string_view message, RecordSink& sink);
  void ReportTooLong(uint64_t line, RecordSink& sink);

  const size_t max_record_bytes_;

  Mode mode_ = Mode::kDetecting;
  uint64_t line_ = 1;  // the line the next byte belongs to
  // Detection: how many bytes of a UTF-8 BOM have been seen at the start of the input.
  size_t bom_bytes_seen_ = 0;
  bool finished_ = false;

  // The record in progress when a chunk ended (in line mode during detection also the
  // leading whitespace of the first line).
  std::string carry_;
  // The record in progress is over the limit: its bytes are dropped until it ends.
  bool skipping_too_long_ = false;

  // Array mode.
  ArrayState array_state_ = ArrayState::kExpectFirstElementOrEnd;
  uint64_t element_line_ = 0;
  uint64_t element_depth_ = 0;
  bool in_string_ = false;
  bool after_backslash_ = false;
};

}  // namespace touchpath
