#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/attribution/path_table.h"
#include "core/common/status.h"
#include "core/ingest/field_projection.h"
#include "core/ingest/ga4_row_parser.h"
#include "core/ingest/record_splitter.h"
#include "core/store/event_store.h"
#include "core/store/event_store_builder.h"

namespace touchpath {

struct LoadError {
  uint64_t line = 0;
  std::string message;
};

// What loading saw: reported as the result's "input" object.
struct LoadStats {
  std::string format;
  uint64_t bytes = 0;
  uint64_t rows = 0;     // non-blank records seen
  uint64_t events = 0;   // rows that became events
  uint64_t skipped = 0;  // rows that did not (each counted, the first kMaxErrors explained)
  uint64_t replaced_invalid_utf8 = 0;
  std::vector<LoadError> errors;
  static constexpr size_t kMaxErrors = 100;
};

// What loading produced: events (GA4 exports), or an aggregated path table (attribution only).
struct LoadedData {
  std::optional<EventStore> events;
  std::optional<PathTable> paths;
};

// Streams export bytes (chunks of any size, several inputs) into an EventStore, detecting the
// format from the first bytes unless one is given ("auto", "ga4" or "path_table"). A projection
// keeps only the event fields it names (nullopt: every field). With a memory limit (bytes; 0:
// none), loading stops with a clear error, naming the line, as soon as finishing would need
// more than the limit: a browser tab's WebAssembly memory ends at 4 GB, and running out there
// kills the engine instead of telling the user why.
class Ingestor : private RecordSink {
 public:
  explicit Ingestor(std::string format = "auto",
                    const std::optional<FieldProjection>& projection = std::nullopt,
                    size_t memory_limit_bytes = 0);
  ~Ingestor() override;

  void BeginInput(std::string_view name);
  Status Feed(std::string_view chunk);

  // Loading one input on several threads (the native CLI) cuts it at line starts into parts,
  // each read by its own ingestor, then appends the later parts in input order.
  //
  // Whether the current input is a GA4 export read line by line: what this ingestor has not
  // read yet can be cut at line starts and read by other ingestors.
  bool ReadsLines() const;
  // Starts this ingestor on a later part of another ingestor's current input, from a line
  // start: no format detection (the input's start decided it); lines counted from the part's.
  void BeginLaterPart(std::string_view input_name);
  // Adds what `part` (begun with BeginLaterPart on the bytes that follow this ingestor's)
  // read, as if this ingestor had read it: the same store, counts, and errors, their lines
  // shifted into the whole input. False, changing nothing, when they cannot be merged (the
  // event names together pass the store's limit, this ingestor stopped inside a line, or the
  // two together may pass the memory limit, which only this ingestor can check where one
  // reader would have, naming the whole input's line): feed the part's bytes here instead.
  [[nodiscard]] bool AppendLaterPart(Ingestor&& part);
  // A later part read by another engine instance (a second WebAssembly worker) travels to the
  // first as bytes. EncodeLaterPart ends this part's input (begun with BeginLaterPart) and
  // writes what AppendLaterPart takes from it, framed with a checksum; DecodeLaterPart reads
  // them into this new ingestor, begun with BeginLaterPart. kBadInput when the bytes are not
  // such a part (cut short, altered, or from another build).
  std::string EncodeLaterPart();
  Status DecodeLaterPart(std::string_view bytes);
  // Builds the store or the path table. BadInput when nothing usable was read (empty, binary,
  // not an export).
  Status Finish(LoadedData* data);
  const LoadStats& stats() const { return stats_; }
  // The name given to the current input's BeginInput.
  const std::string& input_name() const { return input_name_; }
  // What finishing would hold at its peak, had loading stopped here (see the memory limit).
  size_t PeakBytesToFinish() const;

 private:
  void OnRecord(const Record& record) override;
  void OnError(uint64_t line, std::string_view message) override;
  Status DetectFormat(std::string_view first_bytes);
  Status FlushSniffed();
  void EndInput();
  void Skip(uint64_t line, std::string message);
  // Stops loading (a sticky out_of_memory error saying where: "line" 12, "byte" 40, or "the end
  // of the input" without a position) once finishing would need more than the limit.
  void CheckMemory(std::string_view unit, std::optional<uint64_t> position);

  enum class InputKind { kUnknown, kEvents, kPathTable };
  Status FinishPathTable(LoadedData* data);

  std::string requested_format_;
  size_t memory_limit_bytes_;
  InputKind kind_ = InputKind::kUnknown;
  // Path tables are small and parsed whole: their bytes are kept until Finish.
  std::string path_table_bytes_;
  std::string input_name_;
  size_t input_count_ = 0;
  bool later_part_ = false;  // begun with BeginLaterPart
  bool format_known_ = false;
  std::string sniffed_;  // the current input's first bytes, held until the format is known
  Status sticky_error_;
  RecordSplitter splitter_;
  std::unique_ptr<EventStoreBuilder> builder_;
  std::unique_ptr<Ga4RowParser> ga4_parser_;
  std::string row_error_;
  LoadStats stats_;
};

}  // namespace touchpath
