#include "core/ingest/ingestor.h"

#include <algorithm>
#include <cstring>

#include "core/ingest/session_traffic.h"

namespace touchpath {

namespace {

// Enough bytes to tell a JSON export from a CSV header, gzip or binary data.
constexpr size_t kSniffBytes = 512;

std::string_view WithoutBomAndSpace(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  while (!bytes.empty() && (bytes.front() == ' ' || bytes.front() == '\t' ||
                            bytes.front() == '\r' || bytes.front() == '\n')) {
    bytes.remove_prefix(1);
  }
  return bytes;
}

std::string Printable(std::string_view bytes) {
  std::string shown;
  for (char c : bytes.substr(0, 24)) {
    if (c == '\r' || c == '\n') break;  // the first line is what the reader recognises
    const auto byte = static_cast<unsigned char>(c);
    shown += (byte >= 0x20 && byte < 0x7F) ? c : '?';
  }
  return shown;
}

}  // namespace

Ingestor::Ingestor(std::string format)
    : requested_format_(std::move(format)),
      builder_(std::make_unique<EventStoreBuilder>()),
      ga4_parser_(std::make_unique<Ga4RowParser>(builder_.get())) {}

Ingestor::~Ingestor() = default;

void Ingestor::BeginInput(std::string_view name) {
  if (input_count_ > 0) EndInput();
  // Line numbers restart per input: once there are several, every error names its input,
  // the first input's included.
  if (input_count_ == 1 && !input_name_.empty()) {
    for (LoadError& error : stats_.errors) error.message = input_name_ + ": " + error.message;
  }
  input_name_.assign(name);
  ++input_count_;
  splitter_.Reset();
  sniffed_.clear();
  format_known_ = false;
}

void Ingestor::EndInput() {
  if (!sticky_error_.ok()) return;
  if (!format_known_) sticky_error_ = FlushSniffed();
  if (sticky_error_.ok() && format_known_) splitter_.Finish(*this);
}

Status Ingestor::DetectFormat(std::string_view first_bytes) {
  const std::string where = input_name_.empty() ? "input" : input_name_;
  if (first_bytes.size() >= 2 && static_cast<unsigned char>(first_bytes[0]) == 0x1F &&
      static_cast<unsigned char>(first_bytes[1]) == 0x8B) {
    return Status::BadInput(where + " is gzip-compressed: decompress it before feeding it");
  }
  const std::string_view start = WithoutBomAndSpace(first_bytes);
  if (start.empty()) return Status::Ok();  // only at the end: an empty input adds no rows
  if (std::memchr(first_bytes.data(), '\0', first_bytes.size()) != nullptr) {
    return Status::BadInput(where + " is binary data, not an analytics export");
  }
  const std::string& format = requested_format_;
  if (format != "auto" && format != "ga4") {
    return Status::BadInput("format '" + format + "' is not supported (use auto or ga4)");
  }
  if (start.front() != '{' && start.front() != '[') {
    return Status::BadInput(where +
                            " is not a GA4 BigQuery export (expected JSON objects, one "
                            "per line, or a JSON array); it starts with \"" +
                            Printable(start) + "\"");
  }
  stats_.format = "ga4";
  return Status::Ok();
}

Status Ingestor::FlushSniffed() {
  Status status = DetectFormat(sniffed_);
  if (!status.ok()) return status;
  format_known_ = true;
  splitter_.Feed(sniffed_, *this);
  sniffed_.clear();
  return Status::Ok();
}

Status Ingestor::Feed(std::string_view chunk) {
  if (!sticky_error_.ok()) return sticky_error_;
  if (input_count_ == 0) BeginInput("");
  stats_.bytes += chunk.size();
  while (!format_known_) {
    const size_t take =
        std::min(chunk.size(), kSniffBytes - std::min(kSniffBytes, sniffed_.size()));
    sniffed_.append(chunk.substr(0, take));
    chunk.remove_prefix(take);
    if (sniffed_.size() < kSniffBytes) return Status::Ok();
    if (WithoutBomAndSpace(sniffed_).empty()) {
      // Leading blank lines tell nothing yet: pass them on (the splitter counts their lines)
      // and keep looking, holding at most kSniffBytes.
      splitter_.Feed(sniffed_, *this);
      sniffed_.clear();
      continue;
    }
    sticky_error_ = FlushSniffed();
    if (!sticky_error_.ok()) return sticky_error_;
  }
  splitter_.Feed(chunk, *this);
  return Status::Ok();
}

void Ingestor::Skip(uint64_t line, std::string message) {
  ++stats_.skipped;
  if (stats_.errors.size() < LoadStats::kMaxErrors) {
    if (input_count_ > 1 && !input_name_.empty()) message = input_name_ + ": " + message;
    stats_.errors.push_back(LoadError{line, std::move(message)});
  }
}

void Ingestor::OnRecord(const Record& record) {
  ++stats_.rows;
  if (ga4_parser_->Parse(record.text, &row_error_)) {
    ++stats_.events;
  } else {
    Skip(record.line, row_error_);
  }
}

void Ingestor::OnError(uint64_t line, std::string_view message) {
  ++stats_.rows;
  Skip(line, std::string(message));
}

Status Ingestor::Finish(EventStore* store) {
  if (input_count_ > 0) EndInput();
  if (!sticky_error_.ok()) return sticky_error_;
  stats_.replaced_invalid_utf8 = ga4_parser_->replaced_invalid_utf8();
  if (stats_.events == 0) {
    if (stats_.rows == 0) return Status::BadInput("the input holds no rows (it is empty or blank)");
    const LoadError& first = stats_.errors.front();
    return Status::BadInput("no usable events in " + std::to_string(stats_.rows) + " rows; line " +
                            std::to_string(first.line) + ": " + first.message);
  }
  ga4_parser_.reset();
  *store = std::move(*builder_).Build();
  builder_.reset();
  ResolveSessionTraffic(store);
  return Status::Ok();
}

}  // namespace touchpath
