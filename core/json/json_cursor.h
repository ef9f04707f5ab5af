#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/common/byte_scan.h"

namespace touchpath {

enum class JsonType : uint8_t {
  kObject,
  kArray,
  kString,
  kNumber,
  kTrue,
  kFalse,
  kNull,
  kEnd,      // only whitespace left in the document
  kInvalid,  // a byte that cannot start a value, or the cursor has failed
};

// The type of the value a byte starts; kInvalid for every other byte (whitespace included).
inline constexpr std::array<JsonType, 256> kTypeByFirstByte = [] {
  std::array<JsonType, 256> types{};
  for (JsonType& type : types) type = JsonType::kInvalid;
  types['{'] = JsonType::kObject;
  types['['] = JsonType::kArray;
  types['"'] = JsonType::kString;
  types['t'] = JsonType::kTrue;
  types['f'] = JsonType::kFalse;
  types['n'] = JsonType::kNull;
  types['-'] = JsonType::kNumber;
  for (char digit = '0'; digit <= '9'; ++digit)
    types[static_cast<unsigned char>(digit)] = JsonType::kNumber;
  return types;
}();

// A pull parser over one JSON document (one NDJSON line) that builds no DOM: the caller walks
// the structure it needs and skips the rest. It never reads outside `document` and never
// throws; the first syntax error makes every later call return false, and error() says what
// went wrong and at which byte (0-based offset into the document).
//
// Usage:
//   JsonCursor cursor(line);
//   std::string_view key;
//   if (!cursor.EnterObject()) return cursor.error();
//   while (cursor.NextKey(&key)) {
//     if (key == "event_name") cursor.ReadString(&event_name); else cursor.SkipValue();
//   }
//   if (!cursor.ok()) return cursor.error();
//
// NextKey/NextElement return false both at the closing bracket and on error: check ok().
// Strings come back zero-copy (a view into the document) unless they hold escapes or invalid
// UTF-8; then they are decoded into a scratch buffer owned by the cursor. Keys and values have
// separate scratch buffers: a key stays valid until the next NextKey, a value string until the
// next ReadString (or Reset). Invalid UTF-8 and lone surrogates become U+FFFD, counted by
// replaced_invalid_utf8(), never an error.
class JsonCursor {
 public:
  static constexpr int kMaxDepth = 512;

  JsonCursor() = default;
  explicit JsonCursor(std::string_view document) { Reset(document); }

  // Starts over on a new document; keeps the scratch buffers' capacity.
  void Reset(std::string_view document);

  // The type of the next value (skips whitespace; consumes nothing else). Exports write no
  // whitespace between tokens, so the next byte mostly decides alone, inline.
  JsonType Peek() {
    if (!failed_ && pos_ != end_) {
      const JsonType type = kTypeByFirstByte[static_cast<unsigned char>(*pos_)];
      if (type != JsonType::kInvalid) return type;
    }
    return PeekPastWhitespace();
  }

  bool EnterObject();
  // Reads the next key and its ':'. False at the closing '}' (consumed) or on error.
  bool NextKey(std::string_view* key);

  bool EnterArray();
  // Moves to the next element (consuming the ',' between elements). False at the closing ']'
  // (consumed) or on error.
  bool NextElement();

  bool ReadString(std::string_view* out);
  // The literal of a number, validated against the JSON grammar; convert it with ParseInt64
  // or ParseDouble.
  bool ReadNumberLiteral(std::string_view* literal);
  bool ReadBool(bool* out);
  bool ReadNull();

  // Skips the next value. Containers are skipped structurally for speed: brackets must match,
  // strings must terminate and nesting stays within kMaxDepth, but the tokens inside a skipped
  // container (commas, colons, literal spelling) are not validated.
  bool SkipValue();

  // True if only whitespace is left (and no error happened).
  bool AtEnd();

  bool ok() const { return !failed_; }
  const std::string& error() const { return error_; }
  size_t offset() const { return static_cast<size_t>(pos_ - begin_); }
  // The unread rest of the document (after Peek: starting at the next value).
  std::string_view rest() const { return std::string_view(pos_, static_cast<size_t>(end_ - pos_)); }
  // Moves past the next `size` bytes, which the caller has matched byte for byte against the
  // text of one complete JSON value it parsed before (so nothing in them needs checking).
  void SkipKnownValue(size_t size) { pos_ += size; }
  // Invalid UTF-8 sequences and lone surrogate escapes replaced by U+FFFD since Reset.
  size_t replaced_invalid_utf8() const { return replaced_invalid_utf8_; }

  // Strict decimal integer: an optional '-' and one or more ASCII digits, nothing else; false
  // on overflow. Meant for JSON numbers and for GA4's INT64 values sent as strings.
  static bool ParseInt64(std::string_view text, int64_t* out);
  // A JSON-grammar number ("-1.5e3"; no '+', hex, inf or nan); false if it overflows a double.
  // Uses strtod, so it assumes the C numeric locale (the engine never calls setlocale).
  static bool ParseDouble(std::string_view text, double* out);

 private:
  void SkipWhitespace();
  // Peek's rest: a failed cursor, whitespace first, the end, or a byte no value starts with.
  JsonType PeekPastWhitespace();
  bool ExpectByte(char expected);
  // The common case inline: a string with no escape or non-ASCII byte, ending 16 bytes or
  // more before the document does. Everything else goes to ReadStringSlow.
  bool ReadStringInto(std::string* scratch, std::string_view* out) {
    const char* const content_begin = pos_ + 1;
    const char* p = content_begin;
    while (end_ - p >= 16) {
      const uint32_t special = byte_scan::StringSpecialMask(p);
      if (special == 0) {
        p += 16;
        continue;
      }
      p += __builtin_ctz(special);
      if (*p != '"') break;
      *out = std::string_view(content_begin, static_cast<size_t>(p - content_begin));
      pos_ = p + 1;
      return true;
    }
    return ReadStringSlow(p, scratch, out);
  }
  bool ReadStringSlow(const char* scan_from, std::string* scratch, std::string_view* out);
  bool AdvanceInContainer(char closer);
  bool DecodeString(const char* content_begin, const char* first_special, std::string* scratch,
                    std::string_view* out);
  bool DecodeEscape(const char* string_start, const char** cursor, std::string* scratch);
  bool SkipContainer();
  // The reference for what skipping a container accepts and the error it reports, one
  // structural byte at a time; runs only when json_skip::FindContainerEnd cannot vouch.
  bool SkipContainerStepwise();
  bool ReadLiteral(std::string_view literal);
  bool CheckValueEnd(const char* value_end);

  bool FailUnexpected(const char* at);
  bool FailAt(const char* what, const char* at);

  const char* begin_ = nullptr;
  const char* pos_ = nullptr;
  const char* end_ = nullptr;
  int depth_ = 0;
  // Set by EnterObject/EnterArray so the first NextKey/NextElement expects no ','.
  bool at_container_start_ = false;
  bool failed_ = false;
  size_t replaced_invalid_utf8_ = 0;
  std::string key_scratch_;
  std::string value_scratch_;
  std::string error_;
};

}  // namespace touchpath
