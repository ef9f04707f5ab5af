// The C boundary of the WASM module: opaque handles and byte buffers, no logic.
// JS writes input bytes / spec text / format / names into the handle's staging buffer, then
// calls the function that consumes them. Outputs (result JSON, Describe JSON, error message)
// are read back through pointer + size. Every call that can fail returns a StatusCode number.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/session.h"

namespace {

struct Engine {
  std::unique_ptr<touchpath::Session> session = std::make_unique<touchpath::Session>();
  std::vector<char> staging;
  std::string result;
  touchpath::Status last_status;
  bool part_appended = false;

  std::string_view Staged(uint32_t size) const {
    return std::string_view(staging.data(), std::min<size_t>(size, staging.size()));
  }
  int Remember(touchpath::Status status) {
    last_status = std::move(status);
    return static_cast<int>(last_status.code());
  }
};

}  // namespace

extern "C" {

Engine* tp_create() { return new Engine(); }

void tp_free(Engine* engine) { delete engine; }

// A buffer of at least `size` bytes that the next consuming call reads from.
char* tp_staging(Engine* engine, uint32_t size) {
  if (engine->staging.size() < size) engine->staging.resize(size);
  return engine->staging.data();
}

// Drops all loaded data: a fresh Session. The staged bytes hold its format (the first
// `format_size`; none means "auto"), then the `specs_size` bytes of the specs the load is for
// (a JSON spec or array of specs: only the fields they read are kept; none: every field).
// Invalid specs give kBadSpec and a session that keeps every field. Loading stops with an error
// before it would need more than `memory_limit_mib` MiB (0: no limit but the module's 4 GiB).
int tp_reset(Engine* engine, uint32_t format_size, uint32_t specs_size, uint32_t memory_limit_mib) {
  touchpath::SessionOptions options;
  options.memory_limit_bytes = size_t{memory_limit_mib} << 20;
  const std::string_view staged = engine->Staged(format_size + specs_size);
  if (format_size > 0) options.format = std::string(staged.substr(0, format_size));
  touchpath::Status status;
  if (specs_size > 0) {
    touchpath::FieldProjection projection;
    status = touchpath::ProjectionForSpecs(staged.substr(format_size), &projection);
    if (status.ok()) options.projection = std::move(projection);
  }
  engine->session = std::make_unique<touchpath::Session>(options);
  // Freed, not cleared: a second worker's result held the whole part it encoded.
  std::string().swap(engine->result);
  return engine->Remember(std::move(status));
}

void tp_begin_input(Engine* engine, uint32_t name_size) {
  engine->session->BeginInput(engine->Staged(name_size));
}

int tp_feed(Engine* engine, uint32_t size) {
  return engine->Remember(engine->session->Feed(engine->Staged(size)));
}

// Loading in two instances (two workers): the second begins on a later part of the input the
// first reads from its start (the staged bytes hold the input's name), is fed the part from a
// line start, and hands it over as bytes (Session::EncodeLaterPart) put in tp_result_*.
void tp_begin_later_part(Engine* engine, uint32_t name_size) {
  engine->session->BeginLaterPart(engine->Staged(name_size));
}

void tp_encode_later_part(Engine* engine) { engine->result = engine->session->EncodeLaterPart(); }

// The first instance appends the `size` staged bytes of such a part; tp_part_appended then says
// whether it could (if not, feed it the part's bytes).
int tp_append_encoded_part(Engine* engine, uint32_t size) {
  const int code = engine->Remember(
      engine->session->AppendEncodedPart(engine->Staged(size), &engine->part_appended));
  // The part's bytes (about its store's size) would otherwise stay staged while the store is
  // built, which the memory limit does not count.
  std::vector<char>().swap(engine->staging);
  return code;
}

int tp_part_appended(Engine* engine) { return engine->part_appended ? 1 : 0; }

// Rows accepted as events so far (a double: JS numbers hold counts past 2^32 exactly).
double tp_events_loaded(Engine* engine) {
  return static_cast<double>(engine->session->events_loaded());
}

// What finishing the load would need now, in bytes (Session::bytes_to_finish; a double, as
// above).
double tp_bytes_to_finish(Engine* engine) {
  return static_cast<double>(engine->session->bytes_to_finish());
}

int tp_finish(Engine* engine) { return engine->Remember(engine->session->Finish()); }

// Runs the `spec_size` staged bytes as a spec; on success the result is in tp_result_*.
int tp_run(Engine* engine, uint32_t spec_size) {
  engine->result.clear();
  return engine->Remember(engine->session->Run(engine->Staged(spec_size), &engine->result));
}

// Puts Describe()'s JSON into tp_result_*.
void tp_describe(Engine* engine) { engine->result = engine->session->Describe(); }

const char* tp_result_data(Engine* engine) { return engine->result.data(); }
uint32_t tp_result_size(Engine* engine) { return engine->result.size(); }

int tp_error_code(Engine* engine) { return static_cast<int>(engine->last_status.code()); }
const char* tp_error_data(Engine* engine) { return engine->last_status.message().data(); }
uint32_t tp_error_size(Engine* engine) { return engine->last_status.message().size(); }

}  // extern "C"
