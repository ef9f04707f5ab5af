#pragma once

#include <string_view>

#include "core/attribution/path_table.h"
#include "core/common/status.h"

namespace touchpath {

// Reads an aggregated path table:
//  - ChannelAttribution's `path;total_conversions;total_conversion_value;total_null` (value and
//    null columns optional), separator `;`, `,` or tab detected from the header;
//  - GA4's "Conversion paths" CSV export (`# ...` preamble lines, then a header such as
//    `Default channel group,Conversions,Purchase revenue,Days to conversion,...`).
// Paths are `a > b > c` with spaces around channels trimmed. Rows that cannot be read are skipped
// and counted in table->skipped_rows / table->errors; a file with no usable header or no usable
// row is a kBadInput status.
Status ParsePathTable(std::string_view bytes, PathTable* table);

// True when the first bytes of a file (a few KB are enough) look like a path table's header.
bool LooksLikePathTable(std::string_view first_bytes);

}  // namespace touchpath
