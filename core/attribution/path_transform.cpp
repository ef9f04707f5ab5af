#include "core/attribution/path_transform.h"

#include <string>
#include <vector>

namespace touchpath {

namespace {

constexpr struct {
  std::string_view name;
  PathTransform transform;
} kTransforms[] = {
    {"unique", PathTransform::kUnique},
    {"exposure", PathTransform::kExposure},
    {"first", PathTransform::kFirst},
    {"frequency", PathTransform::kFrequency},
};

// Per row: which touches survive and, for `frequency`, how often their channel occurred.
struct KeptTouch {
  uint64_t touch;
  uint32_t count;
};

void KeepTouches(const PathTable& table, size_t row, PathTransform transform,
                 std::vector<KeptTouch>* kept) {
  kept->clear();
  const uint64_t begin = table.row_begin[row];
  const uint64_t end = table.row_begin[row + 1];
  for (uint64_t touch = begin; touch < end; ++touch) {
    const uint32_t channel = table.touch_channel[touch];
    switch (transform) {
      case PathTransform::kUnique:
        kept->push_back({touch, 1});
        break;
      case PathTransform::kExposure:
        if (touch == begin || table.touch_channel[touch - 1] != channel) {
          kept->push_back({touch, 1});
        }
        break;
      case PathTransform::kFirst:
      case PathTransform::kFrequency: {
        bool seen = false;
        for (KeptTouch& earlier : *kept) {
          if (table.touch_channel[earlier.touch] == channel) {
            ++earlier.count;
            seen = true;
            break;
          }
        }
        if (!seen) kept->push_back({touch, 1});
        break;
      }
    }
  }
}

}  // namespace

bool ParsePathTransform(std::string_view name, PathTransform* transform) {
  for (const auto& known : kTransforms) {
    if (known.name == name) {
      *transform = known.transform;
      return true;
    }
  }
  return false;
}

std::string_view PathTransformName(PathTransform transform) {
  for (const auto& known : kTransforms) {
    if (known.transform == transform) return known.name;
  }
  return "unique";
}

PathTable ApplyPathTransform(const PathTable& table, PathTransform transform) {
  if (transform == PathTransform::kUnique) return table;
  PathTable result;
  const bool relabel = transform == PathTransform::kFrequency;
  if (!relabel) result.channels = table.channels;
  result.skipped_rows = table.skipped_rows;
  result.errors = table.errors;
  PathTableBuilder builder(&result);
  const bool timed = table.has_times();
  std::vector<KeptTouch> kept;
  for (size_t row = 0; row < table.row_count(); ++row) {
    KeepTouches(table, row, transform, &kept);
    for (const KeptTouch& touch : kept) {
      const uint32_t channel = table.touch_channel[touch.touch];
      const uint32_t label =
          relabel
              ? builder.ChannelId(table.channels[channel] + "(" + std::to_string(touch.count) + ")")
              : channel;
      if (timed) {
        builder.AddTouch(label, table.touch_time_us[touch.touch]);
      } else {
        builder.AddTouch(label);
      }
    }
    if (timed) {
      builder.EndTimedRow(table.conversions[row], table.value[row], table.nulls[row],
                          table.conversion_time_us[row]);
    } else {
      builder.EndRow(table.conversions[row], table.value[row], table.nulls[row]);
    }
  }
  return result;
}

}  // namespace touchpath
