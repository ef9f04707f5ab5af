#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/common/status.h"
#include "core/ingest/field_projection.h"

namespace touchpath {

struct SessionOptions {
  // "auto" (detect from the bytes), "ga4", "path_table", ...
  std::string format = "auto";
  // Keep only these event fields while loading (see ProjectionForSpecs); nullopt: all of them.
  std::optional<FieldProjection> projection;
  // Loading stops with a clear error before finishing would need more bytes (0: no limit).
  // The WASM engine sets one below the 4 GiB a WebAssembly memory can reach.
  size_t memory_limit_bytes = 0;
};

// The projection of a load that will run these specs: `specs_json` is one spec document or a
// JSON array of them. kBadSpec (message naming the field) when one is invalid.
Status ProjectionForSpecs(std::string_view specs_json, FieldProjection* projection);

// One engine instance as the CLI, WASM and JS see it: bytes in, spec in, JSON out.
// Usage: BeginInput(name) Feed(chunk)... [BeginInput ... Feed ...] Finish() Run(spec)...
class Session {
 public:
  explicit Session(SessionOptions options = {});
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Starts a new input file (line numbers restart; a line never spans two inputs).
  void BeginInput(std::string_view name);
  // Feeds the next chunk of the current input's (already decompressed) bytes; any chunk size.
  Status Feed(std::string_view chunk);

  // Loading one input on several threads (the native CLI): the input is cut at line starts
  // into parts, a later part is read by a session from NewLaterPart, and AppendLaterPart adds
  // it in input order. The result is the one this session would give, had it read every part.
  //
  // Whether the current input is a GA4 export read line by line: only then can the rest of it
  // be read in parts (read up to a part's start here before appending it).
  bool ReadsLines() const;
  // A session with this one's options, begun on a later part of its current input (from a
  // line start). Feed it the part's bytes.
  std::unique_ptr<Session> NewLaterPart() const;
  // Adds what `part` read (the bytes right after those read here), as if this session had read
  // them. False, changing nothing, when they cannot be merged: feed the part's bytes here.
  [[nodiscard]] bool AppendLaterPart(Session&& part);

  // The same across engine instances that share no memory (the JS API's two WebAssembly
  // workers): this new session begins on a later part of an input another instance reads
  // from its start (BeginLaterPart, then Feed the part's bytes from a line start), and
  // EncodeLaterPart ends it and returns it as bytes for that instance's AppendEncodedPart.
  void BeginLaterPart(std::string_view input_name);
  std::string EncodeLaterPart();
  // Appends a part EncodeLaterPart wrote, as AppendLaterPart does: *appended is false, changing
  // nothing, when it cannot be merged (feed the part's bytes here instead). kBadInput when the
  // bytes are not such a part.
  Status AppendEncodedPart(std::string_view bytes, bool* appended);

  // Rows accepted as events so far (for progress reports while loading).
  uint64_t events_loaded() const;
  // What finishing the load would need now, by the estimate the memory limit is checked
  // against: the bytes held plus what building the store adds (for progress reports, which
  // extrapolate it to the end of the input).
  uint64_t bytes_to_finish() const;
  // Ends loading and builds the store. kBadInput when nothing usable was read.
  Status Finish();
  // Runs a spec (JSON text) against the loaded data. On success *result_json holds the result
  // document of DESIGN.md; on kBadSpec the message names the offending field, or the field a
  // projected load skipped.
  Status Run(std::string_view spec_json, std::string* result_json);
  // What the loaded data holds (events with counts, fields), for pickers: JSON text. A projected
  // load says so ("projected": true) and lists only the fields it kept.
  std::string Describe() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace touchpath
