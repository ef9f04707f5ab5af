#include "core/json/json_cursor.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/common/byte_scan.h"
#include "core/json/json_skip.h"

namespace touchpath {
namespace {

// Per-byte classes, built at compile time so the hot loops are one load per byte.
struct ByteClasses {
  bool whitespace[256];
  // Bytes a string can hold as-is and ASCII: the zero-copy fast path.
  bool plain_string[256];
  // Bytes SkipContainerStepwise must look at; everything else inside a container is skipped.
  bool structural[256];
  bool value_terminator[256];
};

constexpr ByteClasses MakeByteClasses() {
  ByteClasses classes{};
  for (int byte = 0; byte < 256; ++byte) {
    const bool whitespace = byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r';
    classes.whitespace[byte] = whitespace;
    classes.plain_string[byte] = byte >= 0x20 && byte < 0x80 && byte != '"' && byte != '\\';
    classes.structural[byte] =
        byte == '"' || byte == '{' || byte == '}' || byte == '[' || byte == ']';
    classes.value_terminator[byte] = whitespace || byte == ',' || byte == '}' || byte == ']';
  }
  return classes;
}

constexpr ByteClasses kByteClasses = MakeByteClasses();

inline uint8_t Byte(const char* p) { return static_cast<uint8_t>(*p); }

// SWAR: test eight bytes at once (plain 64-bit integer ops, fast in WASM too). Each helper
// is exact about *whether* some byte matches; the caller then finds it byte by byte.
constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

inline uint64_t Load8(const char* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return word;
}
inline uint64_t HasZeroByte(uint64_t word) { return (word - kOnes) & ~word & kHighBits; }
inline uint64_t HasByte(uint64_t word, uint8_t byte) { return HasZeroByte(word ^ (kOnes * byte)); }
// Valid for limit <= 128.
inline uint64_t HasByteBelow(uint64_t word, uint8_t limit) {
  return (word - kOnes * limit) & ~word & kHighBits;
}
inline uint64_t HasNonPlainStringByte(uint64_t word) {
  return (word & kHighBits) | HasByte(word, '"') | HasByte(word, '\\') | HasByteBelow(word, 0x20);
}

constexpr char kReplacementCharacter[] = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// Returns the length of the well-formed UTF-8 sequence at `p` (Unicode table 3-7), or 0 if it
// is ill-formed; then *invalid_length is its maximal subpart, the bytes one U+FFFD replaces
// (the replacement practice of Unicode 3.9 and the WHATWG decoder).
size_t WellFormedUtf8Length(const char* p, const char* end, size_t* invalid_length) {
  const uint8_t lead = Byte(p);
  size_t length = 0;
  uint8_t second_min = 0x80;
  uint8_t second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead == 0xE0) {
    length = 3;
    second_min = 0xA0;  // no overlong forms
  } else if (lead == 0xED) {
    length = 3;
    second_max = 0x9F;  // no surrogates
  } else if (lead >= 0xE1 && lead <= 0xEF) {
    length = 3;
  } else if (lead == 0xF0) {
    length = 4;
    second_min = 0x90;
  } else if (lead >= 0xF1 && lead <= 0xF3) {
    length = 4;
  } else if (lead == 0xF4) {
    length = 4;
    second_max = 0x8F;  // nothing above U+10FFFF
  } else {
    *invalid_length = 1;
    return 0;
  }
  const size_t available = static_cast<size_t>(end - p);
  if (available < 2 || Byte(p + 1) < second_min || Byte(p + 1) > second_max) {
    *invalid_length = 1;
    return 0;
  }
  for (size_t i = 2; i < length; ++i) {
    if (i >= available || (Byte(p + i) & 0xC0) != 0x80) {
      *invalid_length = i;
      return 0;
    }
  }
  return length;
}

void AppendUtf8(uint32_t code_point, std::string* out) {
  if (code_point < 0x80) {
    out->push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads four hex digits; the caller guarantees they are in bounds.
bool ParseHex4(const char* p, uint32_t* out) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    const int digit = HexDigitValue(p[i]);
    if (digit < 0) return false;
    value = (value << 4) | static_cast<uint32_t>(digit);
  }
  *out = value;
  return true;
}

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The value of the eight ASCII digits at `p`, or false if a byte there is no digit. GA4 writes
// its timestamps and ids (16-19 digits) as strings: three multiplies instead of eight steps.
bool ParseEightDigits(const char* p, uint64_t* value) {
  uint64_t chunk;
  std::memcpy(&chunk, p, sizeof chunk);
  // A digit's high nibble is 3, and adding 6 keeps it 3 (':' to '?' would carry into 4).
  constexpr uint64_t kHighNibbles = 0xF0F0F0F0F0F0F0F0ULL;
  constexpr uint64_t kThrees = 0x3030303030303030ULL;
  if ((chunk & kHighNibbles) != kThrees ||
      ((chunk + 0x0606060606060606ULL) & kHighNibbles) != kThrees) {
    return false;
  }
  // Little-endian, the first digit in the low byte: pairs, then fours, then all eight.
  chunk = (chunk & 0x0F0F0F0F0F0F0F0FULL) * 2561 >> 8;
  chunk = (chunk & 0x00FF00FF00FF00FFULL) * 6553601 >> 16;
  *value = (chunk & 0x0000FFFF0000FFFFULL) * 42949672960001ULL >> 32;
  return true;
}

// Scans a JSON number starting at `p`. Returns the end of the literal with *valid set, or the
// first offending position (possibly `end`) with *valid cleared. `inline`: without it GCC stops
// inlining it into ReadNumberLiteral (every number of a row) once ParseDouble grows.
inline const char* ScanJsonNumber(const char* p, const char* end, bool* valid) {
  *valid = false;
  if (p != end && *p == '-') ++p;
  if (p == end) return p;
  if (*p == '0') {
    ++p;
  } else if (IsDigit(*p)) {
    while (p != end && IsDigit(*p)) ++p;
  } else {
    return p;
  }
  if (p != end && *p == '.') {
    ++p;
    if (p == end || !IsDigit(*p)) return p;
    while (p != end && IsDigit(*p)) ++p;
  }
  if (p != end && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p != end && (*p == '+' || *p == '-')) ++p;
    if (p == end || !IsDigit(*p)) return p;
    while (p != end && IsDigit(*p)) ++p;
  }
  *valid = true;
  return p;
}

// A valid JSON number without an exponent and with at most 15 digits (prices: "68.37") is its
// digits, exact in a double (< 2^53), divided by an exact power of ten: one correctly rounded
// IEEE division, the value strtod gives (Clinger's fast path). strtod is kept for the rest: in
// WASM it is musl's, on software long doubles: ~2 us a number, 15x glibc's strtod.
bool ParseShortDecimal(std::string_view text, double* out) {
  static constexpr double kPowersOfTen[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                            1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const bool negative = text[0] == '-';
  uint64_t digits = 0;
  int digit_count = 0;
  int fraction_digits = 0;
  bool in_fraction = false;
  for (size_t i = negative ? 1 : 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.') {
      in_fraction = true;
      continue;
    }
    if (!IsDigit(c) || ++digit_count > 15) return false;
    digits = digits * 10 + static_cast<uint64_t>(c - '0');
    fraction_digits += in_fraction ? 1 : 0;
  }
  const double value = static_cast<double>(digits) / kPowersOfTen[fraction_digits];
  *out = negative ? -value : value;
  return true;
}

}  // namespace

void JsonCursor::Reset(std::string_view document) {
  begin_ = document.data();
  pos_ = begin_;
  end_ = begin_ + document.size();
  depth_ = 0;
  at_container_start_ = false;
  failed_ = false;
  replaced_invalid_utf8_ = 0;
  key_scratch_.clear();
  value_scratch_.clear();
  error_.clear();
}

void JsonCursor::SkipWhitespace() {
  while (pos_ != end_ && kByteClasses.whitespace[Byte(pos_)]) ++pos_;
}

JsonType JsonCursor::PeekPastWhitespace() {
  if (failed_) return JsonType::kInvalid;
  SkipWhitespace();
  if (pos_ == end_) return JsonType::kEnd;
  return kTypeByFirstByte[static_cast<unsigned char>(*pos_)];
}

bool JsonCursor::FailAt(const char* what, const char* at) {
  char message[96];
  std::snprintf(message, sizeof message, "%s at byte %zu", what, static_cast<size_t>(at - begin_));
  error_ = message;
  failed_ = true;
  return false;
}

bool JsonCursor::FailUnexpected(const char* at) {
  if (at == end_) return FailAt("unexpected end of input", at);
  char what[40];
  const uint8_t byte = Byte(at);
  if (byte > 0x20 && byte < 0x7F) {
    std::snprintf(what, sizeof what, "unexpected character '%c'", static_cast<char>(byte));
  } else {
    std::snprintf(what, sizeof what, "unexpected byte 0x%02X", byte);
  }
  return FailAt(what, at);
}

bool JsonCursor::ExpectByte(char expected) {
  SkipWhitespace();
  if (pos_ == end_ || *pos_ != expected) return FailUnexpected(pos_);
  ++pos_;
  return true;
}

bool JsonCursor::CheckValueEnd(const char* value_end) {
  if (value_end != end_ && !kByteClasses.value_terminator[Byte(value_end)]) {
    return FailUnexpected(value_end);
  }
  return true;
}

bool JsonCursor::EnterObject() {
  if (failed_ || !ExpectByte('{')) return false;
  if (depth_ >= kMaxDepth) return FailAt("nesting deeper than 512", pos_ - 1);
  ++depth_;
  at_container_start_ = true;
  return true;
}

bool JsonCursor::EnterArray() {
  if (failed_ || !ExpectByte('[')) return false;
  if (depth_ >= kMaxDepth) return FailAt("nesting deeper than 512", pos_ - 1);
  ++depth_;
  at_container_start_ = true;
  return true;
}

// Moves to the container's next member: past the ',' between members, or past `closer` at the
// end (then false, the container closed). False on an error too.
bool JsonCursor::AdvanceInContainer(char closer) {
  if (failed_) return false;
  SkipWhitespace();
  if (pos_ == end_) return FailUnexpected(pos_);
  if (*pos_ == closer) {
    ++pos_;
    --depth_;
    at_container_start_ = false;
    return false;
  }
  if (!at_container_start_) {
    if (*pos_ != ',') return FailUnexpected(pos_);
    ++pos_;
    SkipWhitespace();
    // A closer right after ',' is a trailing comma; the member reader would report it anyway,
    // but only if the caller reads one, so catch it here.
    if (pos_ == end_ || *pos_ == closer) return FailUnexpected(pos_);
  }
  at_container_start_ = false;
  return true;
}

bool JsonCursor::NextKey(std::string_view* key) {
  // Exports write `{"key":` and `,"key":` with no whitespace: these shapes need none of the
  // general checks.
  if (!failed_ && at_container_start_ && pos_ != end_ && *pos_ == '"') {
    at_container_start_ = false;
  } else if (!failed_ && !at_container_start_ && end_ - pos_ >= 2 && pos_[0] == ',' &&
             pos_[1] == '"') {
    ++pos_;
  } else {
    if (!AdvanceInContainer('}')) return false;
    if (*pos_ != '"') return FailUnexpected(pos_);
  }
  if (!ReadStringInto(&key_scratch_, key)) return false;
  if (pos_ != end_ && *pos_ == ':') {
    ++pos_;
    return true;
  }
  return ExpectByte(':');
}

bool JsonCursor::NextElement() {
  // Exports write `[x` and `,x` with no whitespace: as in NextKey, these shapes need none of the
  // general checks (x is neither whitespace nor the closing bracket).
  if (!failed_ && pos_ != end_) {
    if (at_container_start_) {
      if (*pos_ != ']' && !kByteClasses.whitespace[Byte(pos_)]) {
        at_container_start_ = false;
        return true;
      }
    } else if (end_ - pos_ >= 2 && pos_[0] == ',' && pos_[1] != ']' &&
               !kByteClasses.whitespace[Byte(pos_ + 1)]) {
      ++pos_;
      return true;
    }
  }
  return AdvanceInContainer(']');
}

bool JsonCursor::ReadString(std::string_view* out) {
  if (failed_) return false;
  SkipWhitespace();
  if (pos_ == end_ || *pos_ != '"') return FailUnexpected(pos_);
  return ReadStringInto(&value_scratch_, out);
}

bool JsonCursor::ReadStringSlow(const char* scan_from, std::string* scratch,
                                std::string_view* out) {
  const char* const content_begin = pos_ + 1;
  const char* p = scan_from;
  for (;;) {
    while (end_ - p >= 8 && !HasNonPlainStringByte(Load8(p))) p += 8;
    while (p != end_ && kByteClasses.plain_string[Byte(p)]) ++p;
    if (p == end_) return FailAt("unterminated string starting", pos_);
    if (*p == '"') {
      *out = std::string_view(content_begin, static_cast<size_t>(p - content_begin));
      pos_ = p + 1;
      return true;
    }
    size_t invalid_length = 0;
    if (Byte(p) < 0x80) break;  // an escape or a control character
    const size_t sequence_length = WellFormedUtf8Length(p, end_, &invalid_length);
    if (sequence_length == 0) break;
    p += sequence_length;
  }
  return DecodeString(content_begin, p, scratch, out);
}

// The slow path: `first_special` is the first byte that cannot be passed through as-is.
bool JsonCursor::DecodeString(const char* content_begin, const char* first_special,
                              std::string* scratch, std::string_view* out) {
  const char* const string_start = content_begin - 1;
  scratch->assign(content_begin, first_special);
  const char* p = first_special;
  for (;;) {
    if (p == end_) return FailAt("unterminated string starting", string_start);
    const uint8_t byte = Byte(p);
    if (byte == '"') break;
    if (byte == '\\') {
      if (!DecodeEscape(string_start, &p, scratch)) return false;
    } else if (byte < 0x20) {
      return FailAt("unescaped control character in string", p);
    } else if (byte < 0x80) {
      const char* run_begin = p;
      while (p != end_ && kByteClasses.plain_string[Byte(p)]) ++p;
      scratch->append(run_begin, p);
    } else {
      size_t invalid_length = 0;
      const size_t sequence_length = WellFormedUtf8Length(p, end_, &invalid_length);
      if (sequence_length > 0) {
        scratch->append(p, sequence_length);
        p += sequence_length;
      } else {
        scratch->append(kReplacementCharacter, 3);
        ++replaced_invalid_utf8_;
        p += invalid_length;
      }
    }
  }
  *out = *scratch;
  pos_ = p + 1;
  return true;
}

bool JsonCursor::DecodeEscape(const char* string_start, const char** cursor, std::string* scratch) {
  const char* p = *cursor;  // at the backslash
  if (end_ - p < 2) return FailAt("unterminated string starting", string_start);
  char decoded = 0;
  switch (p[1]) {
    case '"':
    case '\\':
    case '/':
      decoded = p[1];
      break;
    case 'b':
      decoded = '\b';
      break;
    case 'f':
      decoded = '\f';
      break;
    case 'n':
      decoded = '\n';
      break;
    case 'r':
      decoded = '\r';
      break;
    case 't':
      decoded = '\t';
      break;
    case 'u':
      break;
    default:
      return FailAt("invalid escape", p);
  }
  if (p[1] != 'u') {
    scratch->push_back(decoded);
    *cursor = p + 2;
    return true;
  }
  const ptrdiff_t available = end_ - p;
  for (ptrdiff_t i = 2; i < 6 && i < available; ++i) {
    if (HexDigitValue(p[i]) < 0) return FailAt("invalid \\u escape", p);
  }
  if (available < 6) return FailAt("unterminated string starting", string_start);
  uint32_t code_point = 0;
  ParseHex4(p + 2, &code_point);
  p += 6;
  if (code_point >= 0xD800 && code_point <= 0xDBFF) {
    uint32_t low = 0;
    if (end_ - p >= 6 && p[0] == '\\' && p[1] == 'u' && ParseHex4(p + 2, &low) && low >= 0xDC00 &&
        low <= 0xDFFF) {
      code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
      p += 6;
    } else {
      // A lone high surrogate; whatever follows is decoded on its own.
      code_point = 0xFFFD;
      ++replaced_invalid_utf8_;
    }
  } else if (code_point >= 0xDC00 && code_point <= 0xDFFF) {
    code_point = 0xFFFD;
    ++replaced_invalid_utf8_;
  }
  AppendUtf8(code_point, scratch);
  *cursor = p;
  return true;
}

bool JsonCursor::ReadNumberLiteral(std::string_view* literal) {
  if (failed_) return false;
  SkipWhitespace();
  bool valid = false;
  const char* number_end = ScanJsonNumber(pos_, end_, &valid);
  if (!valid) return FailUnexpected(number_end);
  if (!CheckValueEnd(number_end)) return false;
  *literal = std::string_view(pos_, static_cast<size_t>(number_end - pos_));
  pos_ = number_end;
  return true;
}

bool JsonCursor::ReadLiteral(std::string_view literal) {
  const char* p = pos_;
  for (char expected : literal) {
    if (p == end_ || *p != expected) return FailUnexpected(p);
    ++p;
  }
  if (!CheckValueEnd(p)) return false;
  pos_ = p;
  return true;
}

bool JsonCursor::ReadBool(bool* out) {
  if (failed_) return false;
  SkipWhitespace();
  if (pos_ != end_ && *pos_ == 'f') {
    if (!ReadLiteral("false")) return false;
    *out = false;
    return true;
  }
  if (!ReadLiteral("true")) return false;
  *out = true;
  return true;
}

bool JsonCursor::ReadNull() {
  if (failed_) return false;
  SkipWhitespace();
  return ReadLiteral("null");
}

bool JsonCursor::SkipContainer() {
  const char* container_end = json_skip::FindContainerEnd(pos_, end_, kMaxDepth - depth_);
  if (container_end == nullptr) return SkipContainerStepwise();
  pos_ = container_end;
  return true;
}

bool JsonCursor::SkipContainerStepwise() {
  // One bit per open container (1 = object) so closers must match without recursion.
  uint64_t is_object[kMaxDepth / 64];
  const int max_depth_here = kMaxDepth - depth_;
  int depth = 0;
  const char* p = pos_;
  for (;;) {
    while (p != end_ && !kByteClasses.structural[Byte(p)]) ++p;
    if (p == end_) return FailUnexpected(p);
    switch (*p) {
      case '"': {
        const char* string_end = json_skip::FindStringEnd(p + 1, end_);
        if (string_end == nullptr) return FailAt("unterminated string starting", p);
        p = string_end + 1;
        break;
      }
      case '{':
      case '[': {
        if (depth >= max_depth_here) return FailAt("nesting deeper than 512", p);
        const uint64_t bit = uint64_t{1} << (depth % 64);
        if (*p == '{') {
          is_object[depth / 64] |= bit;
        } else {
          is_object[depth / 64] &= ~bit;
        }
        ++depth;
        ++p;
        break;
      }
      default: {  // '}' or ']'
        --depth;
        const bool opened_object = (is_object[depth / 64] >> (depth % 64)) & 1;
        if (opened_object != (*p == '}')) return FailUnexpected(p);
        ++p;
        if (depth == 0) {
          pos_ = p;
          return true;
        }
        break;
      }
    }
  }
}

bool JsonCursor::SkipValue() {
  if (failed_) return false;
  SkipWhitespace();
  if (pos_ == end_) return FailUnexpected(pos_);
  switch (*pos_) {
    case '{':
    case '[':
      return SkipContainer();
    case '"': {
      const char* string_end = json_skip::FindStringEnd(pos_ + 1, end_);
      if (string_end == nullptr) return FailAt("unterminated string starting", pos_);
      pos_ = string_end + 1;
      return true;
    }
    case 't':
      return ReadLiteral("true");
    case 'f':
      return ReadLiteral("false");
    case 'n':
      return ReadLiteral("null");
    default: {
      std::string_view ignored;
      return ReadNumberLiteral(&ignored);
    }
  }
}

bool JsonCursor::AtEnd() {
  if (failed_) return false;
  SkipWhitespace();
  return pos_ == end_;
}

bool JsonCursor::ParseInt64(std::string_view text, int64_t* out) {
  const bool negative = !text.empty() && text[0] == '-';
  const size_t digits_begin = negative ? 1 : 0;
  if (text.size() == digits_begin) return false;
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  // 18 digits stay below 2^63; only longer texts (rare: timestamps have 16) need the check.
  const bool may_overflow = text.size() - digits_begin > 18;
  uint64_t magnitude = 0;
  size_t i = digits_begin;
  if (!may_overflow) {
    for (uint64_t eight; text.size() - i >= 8; i += 8) {
      if (!ParseEightDigits(text.data() + i, &eight)) return false;
      magnitude = magnitude * 100000000 + eight;
    }
  }
  for (; i < text.size(); ++i) {
    const unsigned digit = static_cast<unsigned>(text[i] - '0');
    if (digit > 9) return false;
    if (may_overflow && magnitude > (limit - digit) / 10) return false;
    magnitude = magnitude * 10 + digit;
  }
  if (negative && magnitude > 0) {
    // Written so that -2^63 never passes through a signed overflow.
    *out = -static_cast<int64_t>(magnitude - 1) - 1;
  } else {
    *out = static_cast<int64_t>(magnitude);
  }
  return true;
}

bool JsonCursor::ParseDouble(std::string_view text, double* out) {
  bool valid = false;
  const char* text_end = text.data() + text.size();
  if (ScanJsonNumber(text.data(), text_end, &valid) != text_end || !valid) return false;
  if (ParseShortDecimal(text, out)) return true;
  // strtod needs a terminator; std::from_chars for double is missing from em++ 3.1.6's libc++.
  char stack_copy[128];
  std::string heap_copy;  // only for absurdly long literals
  const char* terminated = stack_copy;
  if (text.size() < sizeof stack_copy) {
    std::memcpy(stack_copy, text.data(), text.size());
    stack_copy[text.size()] = '\0';
  } else {
    heap_copy.assign(text);
    terminated = heap_copy.c_str();
  }
  const double value = std::strtod(terminated, nullptr);
  if (!std::isfinite(value)) return false;
  *out = value;
  return true;
}

}  // namespace touchpath
