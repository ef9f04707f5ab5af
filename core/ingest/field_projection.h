#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace touchpath {

// The export fields a load keeps when the analyses are known before loading, as DuckDB reads
// only the columns its SQL needs. Every row still yields its event name, entity, time, session
// and revenue; of the other fields only those named here are parsed and stored, the rest are
// skipped without interning anything.
struct FieldProjection {
  // Stored field paths ("param.currency", "device.category"). A record's path ("geo") keeps
  // every field below it.
  std::vector<std::string> paths;
  // Whether sessions get their source / medium / campaign / channel, which needs the export's
  // traffic fields (session_traffic_inputs.h).
  bool session_traffic = false;

  // Adds a path unless it is already there.
  void Add(std::string_view path);
  void Merge(const FieldProjection& other);
  // Whether the field at `path` is stored: a kept path or one below it.
  bool Keeps(std::string_view path) const;
  // Whether the record at `path` holds kept fields below it, so a parser must enter it.
  bool LeadsTo(std::string_view path) const;
  // What `needs` reads that this projection drops ("param.currency", "channel, source, medium
  // and campaign"); empty when it keeps everything `needs` reads.
  std::string Missing(const FieldProjection& needs) const;
};

}  // namespace touchpath
