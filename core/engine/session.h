#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/common/status.h"

namespace touchpath {

struct SessionOptions {
  // "auto" (detect from the bytes), "ga4", "path_table", ...
  std::string format = "auto";
};

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
  // Rows accepted as events so far (for progress reports while loading).
  uint64_t events_loaded() const;
  // Ends loading and builds the store. kBadInput when nothing usable was read.
  Status Finish();
  // Runs a spec (JSON text) against the loaded data. On success *result_json holds the result
  // document of DESIGN.md; on kBadSpec the message names the offending field.
  Status Run(std::string_view spec_json, std::string* result_json);
  // What the loaded data holds (events with counts, fields), for pickers: JSON text.
  std::string Describe() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace touchpath
