#include "core/ingest/field_projection.h"

#include <algorithm>

namespace touchpath {

namespace {

// Whether `path` is `ancestor` or lies below it ("geo.city" under "geo", not under "ge").
bool IsWithin(std::string_view path, std::string_view ancestor) {
  return path.size() >= ancestor.size() && path.compare(0, ancestor.size(), ancestor) == 0 &&
         (path.size() == ancestor.size() || path[ancestor.size()] == '.');
}

}  // namespace

void FieldProjection::Add(std::string_view path) {
  if (std::find(paths.begin(), paths.end(), path) == paths.end()) paths.emplace_back(path);
}

void FieldProjection::Merge(const FieldProjection& other) {
  for (const std::string& path : other.paths) Add(path);
  session_traffic = session_traffic || other.session_traffic;
}

bool FieldProjection::Keeps(std::string_view path) const {
  return std::any_of(paths.begin(), paths.end(),
                     [&](const std::string& kept) { return IsWithin(path, kept); });
}

bool FieldProjection::LeadsTo(std::string_view path) const {
  return std::any_of(paths.begin(), paths.end(), [&](const std::string& kept) {
    return kept.size() > path.size() && IsWithin(kept, path);
  });
}

std::string FieldProjection::Missing(const FieldProjection& needs) const {
  for (const std::string& path : needs.paths) {
    if (!Keeps(path)) return path;
  }
  if (needs.session_traffic && !session_traffic) return "channel, source, medium and campaign";
  return "";
}

}  // namespace touchpath
