#include "core/ingest/record_splitter.h"

#include <cassert>
#include <cstdio>
#include <cstring>

namespace touchpath {
namespace {

constexpr char kUtf8Bom[] = "\xEF\xBB\xBF";
constexpr size_t kUtf8BomSize = 3;

inline bool IsWhitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Bytes the array scanner must look at, outside and inside strings; the scan loops skip all
// others with one table load per byte.
struct ArrayByteClasses {
  bool outside_string[256];
  bool inside_string[256];
};

constexpr ArrayByteClasses MakeArrayByteClasses() {
  ArrayByteClasses classes{};
  for (const char c : {'"', '{', '}', '[', ']', ',', '\n'}) {
    classes.outside_string[static_cast<uint8_t>(c)] = true;
  }
  for (const char c : {'"', '\\', '\n'}) classes.inside_string[static_cast<uint8_t>(c)] = true;
  return classes;
}

constexpr ArrayByteClasses kArrayByteClasses = MakeArrayByteClasses();

}  // namespace

RecordSplitter::RecordSplitter(size_t max_record_bytes) : max_record_bytes_(max_record_bytes) {}

void RecordSplitter::Reset() {
  mode_ = Mode::kDetecting;
  line_ = 1;
  bom_bytes_seen_ = 0;
  finished_ = false;
  carry_.clear();
  skipping_too_long_ = false;
  array_state_ = ArrayState::kExpectFirstElementOrEnd;
  element_line_ = 0;
  element_depth_ = 0;
  in_string_ = false;
  after_backslash_ = false;
}

void RecordSplitter::ResetInLineMode() {
  Reset();
  mode_ = Mode::kLines;
}

void RecordSplitter::Feed(std::string_view chunk, RecordSink& sink) {
  assert(!finished_ && "Feed after Finish needs a Reset");
  const char* p = chunk.data();
  const char* const end = p + chunk.size();
  if (mode_ == Mode::kDetecting) p = FeedDetecting(p, end);
  if (mode_ == Mode::kLines) FeedLines(p, end, sink);
  if (mode_ == Mode::kArray) FeedArray(p, end, sink);
}

// Consumes the BOM and leading whitespace up to the byte that decides the mode. In line mode
// the whitespace of the first record's line is kept in the carry: it belongs to the record.
const char* RecordSplitter::FeedDetecting(const char* p, const char* end) {
  for (; p != end; ++p) {
    if (bom_bytes_seen_ < kUtf8BomSize) {
      if (*p == kUtf8Bom[bom_bytes_seen_]) {
        ++bom_bytes_seen_;
        continue;
      }
      if (bom_bytes_seen_ > 0) {
        // A false start: the bytes taken for a BOM are the beginning of a line.
        carry_.assign(kUtf8Bom, bom_bytes_seen_);
        mode_ = Mode::kLines;
        return p;
      }
      bom_bytes_seen_ = kUtf8BomSize;  // no BOM; stop looking
    }
    if (*p == '\n') {
      ++line_;
      carry_.clear();
    } else if (IsWhitespace(*p)) {
      carry_.push_back(*p);
    } else if (*p == '[') {
      carry_.clear();
      mode_ = Mode::kArray;
      return p + 1;
    } else {
      mode_ = Mode::kLines;
      return p;
    }
  }
  return p;
}

void RecordSplitter::FeedLines(const char* p, const char* end, RecordSink& sink) {
  if (p == end) return;
  if (skipping_too_long_ || !carry_.empty()) {
    const char* newline = static_cast<const char*>(std::memchr(p, '\n', end - p));
    if (newline == nullptr) {
      AppendLineToCarry(p, end, sink);
      return;
    }
    AppendLineToCarry(p, newline, sink);
    if (!skipping_too_long_) EmitLine(carry_.data(), carry_.size(), sink);
    carry_.clear();
    skipping_too_long_ = false;
    ++line_;
    p = newline + 1;
  }
  for (;;) {
    const char* newline = static_cast<const char*>(std::memchr(p, '\n', end - p));
    if (newline == nullptr) break;
    EmitLine(p, static_cast<size_t>(newline - p), sink);
    ++line_;
    p = newline + 1;
  }
  if (p != end) AppendLineToCarry(p, end, sink);
}

void RecordSplitter::AppendLineToCarry(const char* begin, const char* end, RecordSink& sink) {
  if (skipping_too_long_) return;
  const size_t size = static_cast<size_t>(end - begin);
  // One byte of slack: a trailing '\r' does not count against the limit.
  if (carry_.size() + size > max_record_bytes_ + 1) {
    ReportTooLong(line_, sink);
    carry_.clear();
    skipping_too_long_ = true;
    return;
  }
  carry_.append(begin, size);
}

void RecordSplitter::EmitLine(const char* begin, size_t size, RecordSink& sink) {
  if (size > 0 && begin[size - 1] == '\r') --size;
  if (size == 0) return;
  if (IsWhitespace(begin[0])) {
    size_t first_visible = 1;
    while (first_visible < size && IsWhitespace(begin[first_visible])) ++first_visible;
    if (first_visible == size) return;
  }
  if (size > max_record_bytes_) {
    ReportTooLong(line_, sink);
    return;
  }
  sink.OnRecord(Record{std::string_view(begin, size), line_});
}

void RecordSplitter::ReportTooLong(uint64_t line, RecordSink& sink) {
  char message[96];
  std::snprintf(message, sizeof message, "record longer than %zu bytes; skipped",
                max_record_bytes_);
  sink.OnError(line, message);
}

void RecordSplitter::FeedArray(const char* p, const char* end, RecordSink& sink) {
  while (p != end) {
    if (array_state_ == ArrayState::kInElement) {
      p = ScanElement(p, end, sink);
      continue;
    }
    if (array_state_ == ArrayState::kStopped) return;
    // Between elements: only whitespace until the next element or delimiter.
    while (p != end && IsWhitespace(*p)) {
      if (*p == '\n') ++line_;
      ++p;
    }
    if (p == end) return;
    const char c = *p;
    if (array_state_ == ArrayState::kAfterArray) {
      return StopArray(line_, "unexpected data after the closing ']' of the JSON array", sink);
    }
    if (c == ']' && array_state_ == ArrayState::kExpectFirstElementOrEnd) {
      array_state_ = ArrayState::kAfterArray;
      ++p;
      continue;
    }
    if (c == ']' || c == ',' || c == '}') {
      return StopArray(line_,
                       array_state_ == ArrayState::kExpectElement
                           ? "expected a JSON value after ',' in the array"
                           : "expected a JSON value or ']' after '['",
                       sink);
    }
    array_state_ = ArrayState::kInElement;
    element_line_ = line_;
    element_depth_ = 0;
    in_string_ = false;
    after_backslash_ = false;
  }
}

// Scans element bytes until the element ends (returns the position after its ',' or ']') or
// the chunk does (the bytes seen go to the carry).
const char* RecordSplitter::ScanElement(const char* p, const char* end, RecordSink& sink) {
  const char* const segment_begin = p;
  while (p != end) {
    if (in_string_) {
      if (after_backslash_) {
        after_backslash_ = false;
      } else {
        while (p != end && !kArrayByteClasses.inside_string[static_cast<uint8_t>(*p)]) ++p;
        if (p == end) break;
        if (*p == '"') in_string_ = false;
        if (*p == '\\') after_backslash_ = true;
      }
      if (*p == '\n') ++line_;
      ++p;
      continue;
    }
    while (p != end && !kArrayByteClasses.outside_string[static_cast<uint8_t>(*p)]) ++p;
    if (p == end) break;
    switch (*p) {
      case '"':
        in_string_ = true;
        break;
      case '{':
      case '[':
        ++element_depth_;
        break;
      case '\n':
        ++line_;
        break;
      case ',':
        if (element_depth_ == 0) {
          EndElement(segment_begin, p, sink);
          array_state_ = ArrayState::kExpectElement;
          return p + 1;
        }
        break;
      default:  // '}' or ']'
        if (element_depth_ > 0) {
          --element_depth_;
        } else if (*p == ']') {
          EndElement(segment_begin, p, sink);
          array_state_ = ArrayState::kAfterArray;
          return p + 1;
        } else {
          carry_.clear();
          skipping_too_long_ = false;
          StopArray(line_, "unbalanced '}' in the JSON array", sink);
          return end;
        }
        break;
    }
    ++p;
  }
  AppendElementToCarry(segment_begin, end, sink);
  return end;
}

void RecordSplitter::AppendElementToCarry(const char* begin, const char* end, RecordSink& sink) {
  if (skipping_too_long_) return;
  const size_t size = static_cast<size_t>(end - begin);
  if (carry_.size() + size > max_record_bytes_) {
    ReportTooLong(element_line_, sink);
    carry_.clear();
    skipping_too_long_ = true;
    return;
  }
  carry_.append(begin, size);
}

void RecordSplitter::EndElement(const char* segment_begin, const char* segment_end,
                                RecordSink& sink) {
  std::string_view text(segment_begin, static_cast<size_t>(segment_end - segment_begin));
  if (!carry_.empty() || skipping_too_long_) {
    AppendElementToCarry(segment_begin, segment_end, sink);
    text = carry_;
  } else if (text.size() > max_record_bytes_) {
    ReportTooLong(element_line_, sink);
    skipping_too_long_ = true;
  }
  if (!skipping_too_long_) {
    while (!text.empty() && IsWhitespace(text.back())) text.remove_suffix(1);
    sink.OnRecord(Record{text, element_line_});
  }
  carry_.clear();
  skipping_too_long_ = false;
}

void RecordSplitter::StopArray(uint64_t line, std::string_view message, RecordSink& sink) {
  array_state_ = ArrayState::kStopped;
  sink.OnError(line, message);
}

void RecordSplitter::Finish(RecordSink& sink) {
  if (finished_) return;
  finished_ = true;
  if (mode_ == Mode::kDetecting && bom_bytes_seen_ > 0 && bom_bytes_seen_ < kUtf8BomSize) {
    // The whole input was a BOM's first byte or two: data, not a BOM.
    carry_.assign(kUtf8Bom, bom_bytes_seen_);
    mode_ = Mode::kLines;
  }
  if (mode_ == Mode::kLines) {
    if (!skipping_too_long_ && !carry_.empty()) EmitLine(carry_.data(), carry_.size(), sink);
  } else if (mode_ == Mode::kArray) {
    switch (array_state_) {
      case ArrayState::kInElement:
        sink.OnError(element_line_, "unterminated JSON array: the input ends inside this record");
        break;
      case ArrayState::kExpectFirstElementOrEnd:
      case ArrayState::kExpectElement:
        sink.OnError(line_, "unterminated JSON array: missing ']'");
        break;
      case ArrayState::kAfterArray:
      case ArrayState::kStopped:
        break;
    }
  }
  carry_.clear();
  skipping_too_long_ = false;
}

}  // namespace touchpath
