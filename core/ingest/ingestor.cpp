#include "core/ingest/ingestor.h"

#include <algorithm>
#include <cstring>

#include "core/attribution/path_table_reader.h"
#include "core/common/byte_codec.h"
#include "core/common/hash.h"
#include "core/ingest/session_traffic.h"

namespace touchpath {

namespace {

// Enough bytes to tell a JSON export from a path table's header (GA4's CSV has a preamble),
// gzip or binary data.
constexpr size_t kSniffBytes = 4096;
// Opens an encoded later part; a part encoded by another layout of this code must not be read.
constexpr std::string_view kPartMagic = "touchpath later part, layout 1";
// Path tables are parsed whole; beyond this they belong in the native CLI's streaming future.
constexpr size_t kMaxPathTableBytes = size_t{1} << 30;

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

Ingestor::Ingestor(std::string format, const std::optional<FieldProjection>& projection,
                   size_t memory_limit_bytes)
    : requested_format_(std::move(format)),
      memory_limit_bytes_(memory_limit_bytes),
      builder_(std::make_unique<EventStoreBuilder>()),
      ga4_parser_(std::make_unique<Ga4RowParser>(builder_.get(), projection)) {}

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

bool Ingestor::ReadsLines() const {
  return sticky_error_.ok() && format_known_ && kind_ == InputKind::kEvents &&
         splitter_.line_mode();
}

void Ingestor::BeginLaterPart(std::string_view input_name) {
  BeginInput(input_name);
  later_part_ = true;
  splitter_.ResetInLineMode();
  format_known_ = true;
  kind_ = InputKind::kEvents;
  stats_.format = "ga4";
}

bool Ingestor::AppendLaterPart(Ingestor&& part) {
  if (!ReadsLines() || !splitter_.at_line_start() || !part.later_part_) return false;
  part.EndInput();  // its last line may lack a '\n'
  if (!part.sticky_error_.ok()) return false;
  // Together they might pass the memory limit: the part is then read here, where the limit is
  // checked where one reader would have checked it (the sum overestimates the merge).
  if (memory_limit_bytes_ > 0 &&
      PeakBytesToFinish() + part.PeakBytesToFinish() > memory_limit_bytes_) {
    return false;
  }
  if (!builder_->Append(std::move(*part.builder_))) return false;
  const uint64_t lines_before = splitter_.line() - 1;
  splitter_.SkipLines(part.splitter_.line() - 1);
  stats_.bytes += part.stats_.bytes;
  stats_.rows += part.stats_.rows;
  stats_.events += part.stats_.events;
  stats_.skipped += part.stats_.skipped;
  // A decoded part brings its count in its stats; one read here, in its parser.
  stats_.replaced_invalid_utf8 +=
      part.stats_.replaced_invalid_utf8 + part.ga4_parser_->replaced_invalid_utf8();
  for (LoadError& error : part.stats_.errors) {
    if (stats_.errors.size() == LoadStats::kMaxErrors) break;
    error.line += lines_before;
    if (input_count_ > 1 && !input_name_.empty())
      error.message = input_name_ + ": " + error.message;
    stats_.errors.push_back(std::move(error));
  }
  return true;
}

std::string Ingestor::EncodeLaterPart() {
  EndInput();
  ByteWriter part;
  // Whether the part stopped (at its memory limit, the one error a later part can meet): such a
  // part is never appended (AppendLaterPart), so its error travels only to say so.
  part.Number(sticky_error_.ok() ? 0 : 1);
  part.Text(sticky_error_.message());
  part.Number(splitter_.line() - 1);
  part.Number(stats_.bytes);
  part.Number(stats_.rows);
  part.Number(stats_.events);
  part.Number(stats_.skipped);
  part.Number(stats_.replaced_invalid_utf8 + ga4_parser_->replaced_invalid_utf8());
  part.Number(stats_.errors.size());
  for (const LoadError& error : stats_.errors) {
    part.Number(error.line);
    part.Text(error.message);
  }
  builder_->EncodeStaged(&part);
  const std::string payload = std::move(part).Take();
  ByteWriter framed;
  framed.Text(kPartMagic);
  framed.Number(HashBytes(payload.data(), payload.size()));
  framed.Text(payload);
  return std::move(framed).Take();
}

Status Ingestor::DecodeLaterPart(std::string_view bytes) {
  const Status not_a_part = Status::BadInput(
      "the second worker's part of the load arrived damaged (not a part this engine wrote)");
  ByteReader framed(bytes);
  const bool magic = framed.Text() == kPartMagic;
  const uint64_t checksum = framed.Number();
  const std::string_view payload = framed.Text();
  if (!magic || !framed.AtEnd() || checksum != HashBytes(payload.data(), payload.size())) {
    return not_a_part;
  }
  ByteReader part(payload);
  const bool stopped = part.Number() != 0;
  const std::string_view message = part.Text();
  if (stopped) sticky_error_ = Status::OutOfMemory(std::string(message));
  splitter_.SkipLines(part.Number());
  stats_.bytes = part.Number();
  stats_.rows = part.Number();
  stats_.events = part.Number();
  stats_.skipped = part.Number();
  stats_.replaced_invalid_utf8 = part.Number();
  const uint64_t error_count = part.Number();
  part.FailIf(error_count > LoadStats::kMaxErrors);
  for (uint64_t i = 0; i < error_count && part.ok(); ++i) {
    const uint64_t line = part.Number();
    stats_.errors.push_back(LoadError{line, std::string(part.Text())});
  }
  builder_->DecodeStaged(&part);
  return part.AtEnd() ? Status::Ok() : not_a_part;
}

void Ingestor::EndInput() {
  if (!sticky_error_.ok()) return;
  if (!format_known_) sticky_error_ = FlushSniffed();
  if (sticky_error_.ok() && format_known_ && kind_ == InputKind::kEvents) splitter_.Finish(*this);
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
  if (format != "auto" && format != "ga4" && format != "path_table") {
    return Status::BadInput("format '" + format +
                            "' is not supported (use auto, ga4 or path_table)");
  }
  const bool path_table = format == "path_table" || (format == "auto" && LooksLikePathTable(start));
  const InputKind kind = path_table ? InputKind::kPathTable : InputKind::kEvents;
  if (kind_ == InputKind::kPathTable) {
    return Status::BadInput(where +
                            ": a path table is read on its own; load other inputs in "
                            "another session");
  }
  if (kind_ == InputKind::kEvents && path_table) {
    return Status::BadInput(where + " is a path table; it cannot be mixed with event exports");
  }
  if (!path_table && start.front() != '{' && start.front() != '[') {
    return Status::BadInput(where +
                            " is not a GA4 BigQuery export (expected JSON objects, one "
                            "per line, or a JSON array) nor a path table "
                            "(path;total_conversions;...); it starts with \"" +
                            Printable(start) + "\"");
  }
  kind_ = kind;
  stats_.format = path_table ? "path_table" : "ga4";
  return Status::Ok();
}

Status Ingestor::FlushSniffed() {
  Status status = DetectFormat(sniffed_);
  if (!status.ok()) return status;
  format_known_ = true;
  if (kind_ == InputKind::kPathTable) {
    path_table_bytes_.append(sniffed_);
  } else {
    splitter_.Feed(sniffed_, *this);
  }
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
  if (kind_ == InputKind::kPathTable) {
    if (path_table_bytes_.size() + chunk.size() > kMaxPathTableBytes) {
      sticky_error_ = Status::BadInput("the path table is larger than 1 GiB");
      return sticky_error_;
    }
    path_table_bytes_.append(chunk);
    if (memory_limit_bytes_ > 0) CheckMemory("byte", stats_.bytes);
    return sticky_error_;
  }
  splitter_.Feed(chunk, *this);
  return sticky_error_;
}

void Ingestor::Skip(uint64_t line, std::string message) {
  ++stats_.skipped;
  if (stats_.errors.size() < LoadStats::kMaxErrors) {
    if (input_count_ > 1 && !input_name_.empty()) message = input_name_ + ": " + message;
    stats_.errors.push_back(LoadError{line, std::move(message)});
  }
}

void Ingestor::OnRecord(const Record& record) {
  if (!sticky_error_.ok()) return;  // stopped (memory): the rest of the chunk is not read
  ++stats_.rows;
  if (ga4_parser_->Parse(record.text, &row_error_)) {
    ++stats_.events;
    // Often enough that a 1 MiB chunk of short rows cannot overshoot by much.
    if (memory_limit_bytes_ > 0 && stats_.events % 1024 == 0) {
      CheckMemory("line", record.line);
    }
    return;
  }
  // `jq .` and editors print objects across many lines: each line alone is not JSON.
  std::string_view trimmed = WithoutBomAndSpace(record.text);
  while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t')) {
    trimmed.remove_suffix(1);
  }
  if (trimmed == "{") {
    row_error_ +=
        " (objects look pretty-printed over several lines: use one object per line, "
        "as bq extract writes NDJSON, or a JSON array)";
  }
  Skip(record.line, row_error_);
}

size_t Ingestor::PeakBytesToFinish() const {
  // A path table is parsed at Finish from its bytes into columns of about the same size.
  return builder_ ? builder_->PeakBytesToBuild() + 2 * path_table_bytes_.capacity()
                  : 2 * path_table_bytes_.capacity();
}

void Ingestor::CheckMemory(std::string_view unit, std::optional<uint64_t> position) {
  const size_t needed = PeakBytesToFinish();
  if (needed <= memory_limit_bytes_) return;
  std::string where(unit);
  if (position) where += " " + std::to_string(*position);
  // Rounded up: a need just over the limit must not read as equal to it.
  auto megabytes = [](size_t bytes) { return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MiB"; };
  if (input_count_ > 1 && !input_name_.empty()) where = input_name_ + ": " + where;
  sticky_error_ = Status::OutOfMemory(
      "out of memory for this export: loading stopped at " + where + " after " +
      std::to_string(kind_ == InputKind::kPathTable ? stats_.bytes : stats_.events) +
      (kind_ == InputKind::kPathTable ? " bytes" : " events") +
      ", because finishing would need about " + megabytes(needed) +
      ", over this engine's limit of " + megabytes(memory_limit_bytes_) +
      " (a browser tab's WebAssembly memory ends at 4 GiB). Load fewer days, load with the "
      "specs you will run so only their fields are kept, or use the native touchpath CLI");
}

void Ingestor::OnError(uint64_t line, std::string_view message) {
  ++stats_.rows;
  Skip(line, std::string(message));
}

Status Ingestor::FinishPathTable(LoadedData* data) {
  PathTable table;
  Status status = ParsePathTable(path_table_bytes_, &table);
  path_table_bytes_ = std::string();
  if (!status.ok()) return status;
  stats_.rows = table.row_count() + table.skipped_rows;
  stats_.skipped = table.skipped_rows;
  for (LineError& error : table.errors) {
    stats_.errors.push_back(LoadError{error.line, std::move(error.message)});
  }
  table.errors.clear();
  data->paths = std::move(table);
  return Status::Ok();
}

Status Ingestor::Finish(LoadedData* data) {
  if (input_count_ > 0) EndInput();
  if (!sticky_error_.ok()) return sticky_error_;
  if (kind_ == InputKind::kPathTable) return FinishPathTable(data);
  stats_.replaced_invalid_utf8 += ga4_parser_->replaced_invalid_utf8();
  if (stats_.events == 0) {
    if (stats_.rows == 0) return Status::BadInput("the input holds no rows (it is empty or blank)");
    const LoadError& first = stats_.errors.front();
    return Status::BadInput("no usable events in " + std::to_string(stats_.rows) + " rows; line " +
                            std::to_string(first.line) + ": " + first.message);
  }
  // Checked every 1024 events while loading: the events since (and a table they grew) must not
  // take Build past the limit either.
  if (memory_limit_bytes_ > 0) {
    CheckMemory("the end of the input", std::nullopt);
    if (!sticky_error_.ok()) return sticky_error_;
  }
  ga4_parser_.reset();
  data->events = std::move(*builder_).Build();
  builder_.reset();
  ResolveSessionTraffic(&*data->events);
  return Status::Ok();
}

}  // namespace touchpath
