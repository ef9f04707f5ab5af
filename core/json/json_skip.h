#pragma once

namespace touchpath::json_skip {

// Finding where a skipped JSON value ends without looking at every token inside it: bitmasks
// of quotes, backslashes and brackets over 64-byte blocks (16-byte ones for a lone string),
// strings masked out by a prefix XOR of their unescaped quotes. Both functions read only
// [begin, end) and report nothing: JsonCursor owns the error messages.

// The closing quote of a string whose content starts at `content_begin`, or nullptr if it
// does not terminate before `end`. A backslash escapes the byte after it, whatever it is.
const char* FindStringEnd(const char* content_begin, const char* end);

// One past the bracket closing the container that opens at `open` ('{' or '['), or nullptr
// when this scan cannot vouch for the container: brackets that do not match, a string or the
// container not ending before `end`, nesting deeper than `max_depth` (at most 512) counting
// the opener, or a backslash outside a string (the byte-by-byte walk ignores it, which a block
// scan cannot know in advance). The caller then walks the container byte by byte to decide.
const char* FindContainerEnd(const char* open, const char* end, int max_depth);

}  // namespace touchpath::json_skip
