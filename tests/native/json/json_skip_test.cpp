#include "core/json/json_skip.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <string_view>

#include "core/json/json_cursor.h"

namespace touchpath {
namespace {

// The outcome of skipping the value a document starts with.
struct SkipOutcome {
  bool ok = false;
  size_t end = 0;  // one past the value when ok
  std::string error;

  bool operator==(const SkipOutcome& other) const {
    return ok == other.ok && end == other.end && error == other.error;
  }
};

std::ostream& operator<<(std::ostream& out, const SkipOutcome& outcome) {
  return out << (outcome.ok ? "ok, end " + std::to_string(outcome.end) : outcome.error);
}

// A copy with no spare byte after it, so AddressSanitizer catches any read past the end.
class ExactBuffer {
 public:
  explicit ExactBuffer(std::string_view text) : bytes_(new char[text.size()]), size_(text.size()) {
    std::copy(text.begin(), text.end(), bytes_.get());
  }
  std::string_view view() const { return std::string_view(bytes_.get(), size_); }

 private:
  std::unique_ptr<char[]> bytes_;
  size_t size_;
};

SkipOutcome SkipWithCursor(std::string_view document) {
  const ExactBuffer buffer(document);
  JsonCursor cursor(buffer.view());
  SkipOutcome outcome;
  outcome.ok = cursor.SkipValue();
  if (outcome.ok) outcome.end = cursor.offset();
  outcome.error = cursor.error();
  return outcome;
}

std::string ErrorAt(const std::string& what, size_t offset) {
  return what + " at byte " + std::to_string(offset);
}

// What skipping a container means, written as plainly as possible: one byte at a time, a
// backslash inside a string escapes the byte after it, nothing outside strings but brackets
// and quotes matters. The document must start with '{' or '['.
SkipOutcome ReferenceSkipContainer(std::string_view document) {
  std::string open_brackets;
  size_t i = 0;
  for (;;) {
    if (i == document.size()) return {false, 0, ErrorAt("unexpected end of input", i)};
    const char byte = document[i];
    if (byte == '"') {
      size_t j = i + 1;
      for (;;) {
        if (j >= document.size()) return {false, 0, ErrorAt("unterminated string starting", i)};
        if (document[j] == '"') break;
        j += document[j] == '\\' ? 2 : 1;
      }
      i = j + 1;
      continue;
    }
    if (byte == '{' || byte == '[') {
      if (open_brackets.size() >= JsonCursor::kMaxDepth) {
        return {false, 0, ErrorAt("nesting deeper than 512", i)};
      }
      open_brackets.push_back(byte);
    } else if (byte == '}' || byte == ']') {
      const char expected = open_brackets.back() == '{' ? '}' : ']';
      open_brackets.pop_back();
      if (byte != expected) {
        return {false, 0, ErrorAt(std::string("unexpected character '") + byte + "'", i)};
      }
      if (open_brackets.empty()) return {true, i + 1, ""};
    }
    ++i;
  }
}

TEST(JsonSkip, FindStringEnd_StopsAtTheFirstUnescapedQuote) {
  const std::string_view content = R"(a\"b\\"c")";
  EXPECT_EQ(json_skip::FindStringEnd(content.data(), content.data() + content.size()),
            content.data() + 6);
}

TEST(JsonSkip, FindStringEnd_NullWhenTheLastByteIsABackslash) {
  const ExactBuffer content(R"(abc\")");
  EXPECT_EQ(json_skip::FindStringEnd(content.view().data(),
                                     content.view().data() + content.view().size()),
            nullptr);
}

// Runs of 1 to 6 backslashes ending at every offset around the 16-byte block edges: an odd run
// escapes the quote after it, an even run does not.
TEST(JsonSkip, FindStringEnd_BackslashRunsAcrossBlockEdgesEscapeByParity) {
  for (size_t run = 1; run <= 6; ++run) {
    for (size_t padding = 0; padding < 40; ++padding) {
      const std::string content =
          std::string(padding, 'a') + std::string(run, '\\') + "\"" + std::string(20, 'b') + "\"";
      const ExactBuffer buffer(content);
      const char* begin = buffer.view().data();
      const char* found = json_skip::FindStringEnd(begin, begin + content.size());
      const size_t expected = run % 2 == 1 ? content.size() - 1 : padding + run;
      ASSERT_NE(found, nullptr) << "run " << run << " padding " << padding;
      EXPECT_EQ(static_cast<size_t>(found - begin), expected)
          << "run " << run << " padding " << padding;
    }
  }
}

TEST(JsonSkip, SkipValue_BracketsAndQuotesInsideStringsAreText) {
  const std::string_view document = R"({"a":"}]\"[{","b":["\\",{"c":"\"}"}]} "rest")";
  EXPECT_EQ(SkipWithCursor(document), (SkipOutcome{true, document.find(' '), ""}));
}

TEST(JsonSkip, SkipValue_EscapedQuoteOnABlockEdgeKeepsTheStringOpen) {
  // The backslash is byte 63 of the first block, the quote it escapes byte 0 of the next.
  const std::string document = "[\"" + std::string(61, 'a') + "\\\"]\"]";
  ASSERT_EQ(document[63], '\\');
  EXPECT_EQ(SkipWithCursor(document), (SkipOutcome{true, document.size(), ""}));
}

TEST(JsonSkip, SkipValue_StringOpenAcrossABlockHidesItsBrackets) {
  const std::string document = "[\"" + std::string(100, ']') + "\"]";
  EXPECT_EQ(SkipWithCursor(document), (SkipOutcome{true, document.size(), ""}));
}

TEST(JsonSkip, SkipValue_ValueEndingExactlyAtABlockEdge) {
  const std::string value = "[\"" + std::string(60, 'a') + "\"]";
  ASSERT_EQ(value.size(), 64u);
  EXPECT_EQ(SkipWithCursor(value + ",1"), (SkipOutcome{true, 64, ""}));
  EXPECT_EQ(SkipWithCursor(value), (SkipOutcome{true, 64, ""}));
}

TEST(JsonSkip, SkipValue_MismatchedCloserNamesIt) {
  const std::string document = "{\"a\":[" + std::string(70, ' ') + "1}}";
  EXPECT_EQ(SkipWithCursor(document),
            (SkipOutcome{false, 0, ErrorAt("unexpected character '}'", 77)}));
}

TEST(JsonSkip, SkipValue_UnterminatedStringNamesItsStart) {
  const std::string document = "[1," + std::string(80, ' ') + "\"abc\\\"]";
  EXPECT_EQ(SkipWithCursor(document),
            (SkipOutcome{false, 0, ErrorAt("unterminated string starting", 83)}));
}

TEST(JsonSkip, SkipValue_UnclosedContainerIsUnexpectedEnd) {
  const std::string document = "{\"a\":[" + std::string(64, ' ') + "]";
  EXPECT_EQ(SkipWithCursor(document),
            (SkipOutcome{false, 0, ErrorAt("unexpected end of input", document.size())}));
}

// Outside strings the byte-by-byte walk ignores a backslash, so `\"` there opens a string.
TEST(JsonSkip, SkipValue_BackslashOutsideStringsDoesNotEscape) {
  EXPECT_EQ(SkipWithCursor(R"([\"]"])"), (SkipOutcome{true, 6, ""}));
  EXPECT_EQ(SkipWithCursor(R"([\"])"),
            (SkipOutcome{false, 0, ErrorAt("unterminated string starting", 2)}));
}

TEST(JsonSkip, SkipValue_InvalidUtf8InsideSkippedStringsIsNotChecked) {
  const std::string document = "[\"\xFF\xC0\x80\xED\xA0\x80\",\"\xE2\x82\"]";
  EXPECT_EQ(SkipWithCursor(document), (SkipOutcome{true, document.size(), ""}));
}

// Each level opens with a string full of brackets and an escaped quote.
std::string NestedArraysWithStrings(int depth) {
  std::string document;
  for (int level = 0; level < depth; ++level) document += "[\"]\\\"[{\",";
  document += '1';
  return document + std::string(static_cast<size_t>(depth), ']');
}

TEST(JsonSkip, SkipValue_AcceptsNestingAtTheLimitAcrossBlocks) {
  const std::string at_limit = NestedArraysWithStrings(JsonCursor::kMaxDepth);
  EXPECT_EQ(SkipWithCursor(at_limit), (SkipOutcome{true, at_limit.size(), ""}));
}

TEST(JsonSkip, SkipValue_NamesTheOpenerBeyondTheLimit) {
  const std::string too_deep = NestedArraysWithStrings(JsonCursor::kMaxDepth + 1);
  const size_t level_size = std::string_view("[\"]\\\"[{\",").size();
  EXPECT_EQ(SkipWithCursor(too_deep),
            (SkipOutcome{false, 0, ErrorAt("nesting deeper than 512", 512 * level_size)}));
}

// Families around the 64-byte block edges: a string holding a backslash run (odd or even)
// ending at each offset, followed by brackets the string may or may not swallow.
TEST(JsonSkip, SkipValue_AgreesWithTheReferenceOnBackslashRunsAtBlockEdges) {
  for (size_t run = 0; run <= 5; ++run) {
    for (size_t padding = 0; padding < 140; ++padding) {
      const std::string document = "[\"" + std::string(padding, 'x') + std::string(run, '\\') +
                                   "\"],[\"]\"]" + std::string(padding % 7, ' ') + "]";
      ASSERT_EQ(SkipWithCursor(document), ReferenceSkipContainer(document))
          << "run " << run << " padding " << padding;
    }
  }
}

// Every prefix of a valid document fails as the reference says, never reading past its end.
TEST(JsonSkip, SkipValue_AgreesWithTheReferenceOnEveryPrefix) {
  std::string document = "{\"url\":\"https://x.example/?a=1\\u0026b=\\\"2\\\"\\\\\",\"list\":[";
  for (int i = 0; i < 12; ++i) document += "{\"k\":[\"}\\\\\",{},[]]},";
  document.back() = ']';
  document += '}';
  ASSERT_TRUE(ReferenceSkipContainer(document).ok);
  for (size_t length = 1; length <= document.size(); ++length) {
    const std::string_view prefix(document.data(), length);
    ASSERT_EQ(SkipWithCursor(prefix), ReferenceSkipContainer(prefix)) << "length " << length;
  }
}

// Random documents over a small alphabet rich in structure, and random mutations of valid
// ones: the block scan must agree with the reference on every one, errors included.
std::string RandomStructuralText(std::mt19937& random, size_t size) {
  static constexpr std::string_view kAlphabet = "{}[]\"\"\"\\\\\\a ,:";
  std::uniform_int_distribution<size_t> pick(0, kAlphabet.size() - 1);
  std::string text = random() % 2 == 0 ? "{" : "[";
  while (text.size() < size) text += kAlphabet[pick(random)];
  return text;
}

std::string RandomValue(std::mt19937& random, int depth) {
  const uint32_t kind = depth > 6 ? random() % 3 : random() % 5;
  switch (kind) {
    case 0:
      return std::to_string(random() % 1000);
    case 1:
    case 2: {
      static constexpr std::string_view kPieces[] = {
          "a", "\\\"", "\\\\", "\\u0026", "}", "]", "{", "[", "\xC3\xA9", "\xFF", "/", "xyz"};
      std::string text = "\"";
      const uint32_t pieces = random() % 40;
      for (uint32_t i = 0; i < pieces; ++i) text += kPieces[random() % std::size(kPieces)];
      return text + "\"";
    }
    case 3: {
      std::string text = "[";
      const uint32_t elements = random() % 5;
      for (uint32_t i = 0; i < elements; ++i) {
        if (i > 0) text += ',';
        text += RandomValue(random, depth + 1);
      }
      return text + "]";
    }
    default: {
      std::string text = "{";
      const uint32_t members = random() % 5;
      for (uint32_t i = 0; i < members; ++i) {
        if (i > 0) text += ',';
        text += "\"k" + std::to_string(i) + "\":" + RandomValue(random, depth + 1);
      }
      return text + "}";
    }
  }
}

void Mutate(std::mt19937& random, std::string* text) {
  static constexpr std::string_view kBytes = "{}[]\"\\ a";
  const uint32_t mutations = 1 + random() % 3;
  for (uint32_t i = 0; i < mutations && text->size() > 1; ++i) {
    const size_t at = 1 + random() % (text->size() - 1);
    const char byte = kBytes[random() % kBytes.size()];
    switch (random() % 3) {
      case 0:
        (*text)[at] = byte;
        break;
      case 1:
        text->insert(at, 1, byte);
        break;
      default:
        text->erase(at, 1);
        break;
    }
  }
}

TEST(JsonSkip, SkipValue_AgreesWithTheReferenceOnRandomStructuralText) {
  std::mt19937 random(20240701);
  for (int trial = 0; trial < 20000; ++trial) {
    const std::string document = RandomStructuralText(random, 1 + random() % 300);
    ASSERT_EQ(SkipWithCursor(document), ReferenceSkipContainer(document)) << document;
  }
}

TEST(JsonSkip, SkipValue_AgreesWithTheReferenceOnValidAndMutatedJson) {
  std::mt19937 random(7);
  for (int trial = 0; trial < 5000; ++trial) {
    std::string document = random() % 2 == 0 ? "[" : "{\"v\":";
    document += RandomValue(random, 0);
    document += document[0] == '[' ? "]" : "}";
    ASSERT_TRUE(ReferenceSkipContainer(document).ok) << document;
    ASSERT_EQ(SkipWithCursor(document), ReferenceSkipContainer(document)) << document;
    Mutate(random, &document);
    ASSERT_EQ(SkipWithCursor(document), ReferenceSkipContainer(document)) << document;
  }
}

}  // namespace
}  // namespace touchpath
