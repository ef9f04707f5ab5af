#pragma once

#include <string_view>

#include "core/attribution/path_table.h"

namespace touchpath {

// Google fractribution's path transforms (its test expectations are the definition):
//   unique    the path as it is: every path is its own sequence (the default)
//   exposure  consecutive repeats collapse: A > A > B > A -> A > B > A
//   first     only each channel's first touch: A > B > A -> A > B
//   frequency first touches labelled with the channel's touch count: A > B > A -> A(2) > B(1)
// Touch times follow the kept touch (the first of its group).
enum class PathTransform { kUnique, kExposure, kFirst, kFrequency };

bool ParsePathTransform(std::string_view name, PathTransform* transform);
std::string_view PathTransformName(PathTransform transform);

PathTable ApplyPathTransform(const PathTable& table, PathTransform transform);

}  // namespace touchpath
