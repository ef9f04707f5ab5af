#include "core/json/json_cursor.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "tests/native/support/json_walk.h"

namespace touchpath {
namespace {

using testing::WalkValue;

bool WalkDocument(std::string_view document) {
  JsonCursor cursor(document);
  return WalkValue(cursor) && cursor.AtEnd();
}

// Decodes a single JSON string literal; the expected text is compared bytewise.
std::string DecodeString(std::string_view literal, size_t* replaced = nullptr) {
  JsonCursor cursor(literal);
  std::string_view decoded;
  EXPECT_TRUE(cursor.ReadString(&decoded)) << cursor.error();
  if (replaced != nullptr) *replaced = cursor.replaced_invalid_utf8();
  return std::string(decoded);
}

std::string ErrorOfReadString(std::string_view literal) {
  JsonCursor cursor(literal);
  std::string_view decoded;
  EXPECT_FALSE(cursor.ReadString(&decoded));
  return cursor.error();
}

constexpr std::string_view kGa4LikeRow =
    R"({"event_date":"20210131","event_timestamp":"1612069510766593","event_name":"page_view",)"
    R"("event_params":[{"key":"page_title","value":{"string_value":"Home \u003c Shop \u0026 Co)"
    R"( \ud83d\ude00"}},{"key":"ga_session_id","value":{"int_value":"661084800"}},)"
    R"({"key":"engagement_time_msec","value":{"int_value":12,"double_value":null}},)"
    R"({"key":"flag","value":{"bool":true,"other":false}}],"user_properties":[],)"
    R"json("items":[{}],"revenue":-1.25e-3,"geo":{"country":"United States","city":"(not set)"}})json";

TEST(JsonCursor, ReadString_PlainStringIsZeroCopy) {
  const std::string_view document = R"("page_view")";
  JsonCursor cursor(document);
  std::string_view value;
  ASSERT_TRUE(cursor.ReadString(&value));
  EXPECT_EQ(value, "page_view");
  EXPECT_EQ(value.data(), document.data() + 1);
}

TEST(JsonCursor, ReadString_ValidMultibyteUtf8IsZeroCopy) {
  const std::string_view document = "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"";
  JsonCursor cursor(document);
  std::string_view value;
  ASSERT_TRUE(cursor.ReadString(&value));
  EXPECT_EQ(value, "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  EXPECT_EQ(value.data(), document.data() + 1);
  EXPECT_EQ(cursor.replaced_invalid_utf8(), 0u);
}

TEST(JsonCursor, ReadString_DecodesShortEscapes) {
  EXPECT_EQ(DecodeString(R"("a\"b\\c\/d\b\f\n\r\t")"), "a\"b\\c/d\b\f\n\r\t");
}

TEST(JsonCursor, ReadString_DecodesUnicodeEscapes) {
  EXPECT_EQ(DecodeString(R"("\u003cb\u003e \u00e9\u20AC")"), "<b> \xC3\xA9\xE2\x82\xAC");
}

TEST(JsonCursor, ReadString_DecodesEscapedNul) {
  EXPECT_EQ(DecodeString(R"("a\u0000b")"), std::string("a\0b", 3));
}

TEST(JsonCursor, ReadString_CombinesSurrogatePair) {
  size_t replaced = 99;
  EXPECT_EQ(DecodeString(R"("\ud83d\ude00")", &replaced), "\xF0\x9F\x98\x80");
  EXPECT_EQ(replaced, 0u);
}

TEST(JsonCursor, ReadString_LoneHighSurrogateBecomesReplacementCharacter) {
  size_t replaced = 0;
  EXPECT_EQ(DecodeString(R"("\ud83dx")", &replaced), "\xEF\xBF\xBDx");
  EXPECT_EQ(replaced, 1u);
}

TEST(JsonCursor, ReadString_HighSurrogateBeforeNonSurrogateEscapeKeepsTheEscape) {
  size_t replaced = 0;
  EXPECT_EQ(DecodeString(R"("\ud83d\u0041")", &replaced),
            "\xEF\xBF\xBD"
            "A");
  EXPECT_EQ(replaced, 1u);
}

TEST(JsonCursor, ReadString_LoneLowSurrogateBecomesReplacementCharacter) {
  size_t replaced = 0;
  EXPECT_EQ(DecodeString(R"("\ude00\ude00")", &replaced), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(replaced, 2u);
}

TEST(JsonCursor, ReadString_InvalidByteIsReplacedNotFatal) {
  size_t replaced = 0;
  EXPECT_EQ(DecodeString("\"a\xFF"
                         "b\"",
                         &replaced),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(replaced, 1u);
}

TEST(JsonCursor, ReadString_TruncatedSequenceIsOneReplacement) {
  size_t replaced = 0;
  EXPECT_EQ(DecodeString("\"\xE2\x82x\"", &replaced), "\xEF\xBF\xBDx");
  EXPECT_EQ(replaced, 1u);
}

TEST(JsonCursor, ReadString_OverlongAndSurrogateEncodingsReplacePerByte) {
  size_t replaced = 0;
  // C0 is never a lead byte; ED A0 80 would encode U+D800.
  EXPECT_EQ(DecodeString("\"\xC0\xAF\xED\xA0\x80\"", &replaced),
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(replaced, 5u);
}

TEST(JsonCursor, ReadString_InvalidUtf8AfterEscapeIsStillReplaced) {
  size_t replaced = 0;
  EXPECT_EQ(DecodeString("\"\\n\xF5\"", &replaced), "\n\xEF\xBF\xBD");
  EXPECT_EQ(replaced, 1u);
}

TEST(JsonCursor, ReadString_ReplacementCountAccumulatesUntilReset) {
  JsonCursor cursor("[\"\xFF\",\"\xFE\"]");
  std::string_view value;
  ASSERT_TRUE(cursor.EnterArray());
  ASSERT_TRUE(cursor.NextElement());
  ASSERT_TRUE(cursor.ReadString(&value));
  ASSERT_TRUE(cursor.NextElement());
  ASSERT_TRUE(cursor.ReadString(&value));
  EXPECT_EQ(cursor.replaced_invalid_utf8(), 2u);
  cursor.Reset("\"ok\"");
  EXPECT_EQ(cursor.replaced_invalid_utf8(), 0u);
}

TEST(JsonCursor, ReadString_RawControlCharacterIsAnError) {
  EXPECT_EQ(ErrorOfReadString("\"a\tb\""), "unescaped control character in string at byte 2");
}

TEST(JsonCursor, ReadString_UnknownEscapeIsAnError) {
  EXPECT_EQ(ErrorOfReadString(R"("ab\q")"), "invalid escape at byte 3");
}

TEST(JsonCursor, ReadString_NonHexUnicodeEscapeIsAnError) {
  EXPECT_EQ(ErrorOfReadString(R"("\u12g4")"), "invalid \\u escape at byte 1");
}

TEST(JsonCursor, ReadString_UnterminatedStringReportsItsStart) {
  EXPECT_EQ(ErrorOfReadString(R"(  "abc)"), "unterminated string starting at byte 2");
}

TEST(JsonCursor, NextKey_KeyAndValueScratchBuffersAreIndependent) {
  JsonCursor cursor(R"({"k\u00e9y":"v\u00e2lue"})");
  std::string_view key;
  std::string_view value;
  ASSERT_TRUE(cursor.EnterObject());
  ASSERT_TRUE(cursor.NextKey(&key));
  ASSERT_TRUE(cursor.ReadString(&value));
  EXPECT_EQ(key, "k\xC3\xA9y");
  EXPECT_EQ(value, "v\xC3\xA2lue");
}

TEST(JsonCursor, Object_WalksKeysAndValuesInOrder) {
  JsonCursor cursor(R"( { "a" : 1 , "b" : [ true , false , null ] , "c" : { } } )");
  std::string_view key;
  std::string_view number;
  bool flag = false;
  ASSERT_TRUE(cursor.EnterObject());
  ASSERT_TRUE(cursor.NextKey(&key));
  EXPECT_EQ(key, "a");
  ASSERT_TRUE(cursor.ReadNumberLiteral(&number));
  EXPECT_EQ(number, "1");
  ASSERT_TRUE(cursor.NextKey(&key));
  EXPECT_EQ(key, "b");
  ASSERT_TRUE(cursor.EnterArray());
  ASSERT_TRUE(cursor.NextElement());
  ASSERT_TRUE(cursor.ReadBool(&flag));
  EXPECT_TRUE(flag);
  ASSERT_TRUE(cursor.NextElement());
  ASSERT_TRUE(cursor.ReadBool(&flag));
  EXPECT_FALSE(flag);
  ASSERT_TRUE(cursor.NextElement());
  ASSERT_TRUE(cursor.ReadNull());
  EXPECT_FALSE(cursor.NextElement());
  ASSERT_TRUE(cursor.NextKey(&key));
  EXPECT_EQ(key, "c");
  ASSERT_TRUE(cursor.EnterObject());
  EXPECT_FALSE(cursor.NextKey(&key));
  EXPECT_FALSE(cursor.NextKey(&key));
  EXPECT_TRUE(cursor.ok());
  EXPECT_TRUE(cursor.AtEnd());
}

TEST(JsonCursor, Peek_ClassifiesEachValueWithoutConsumingIt) {
  JsonCursor cursor(R"([{},[],"s",-1,true,false,null])");
  ASSERT_TRUE(cursor.EnterArray());
  const JsonType expected[] = {JsonType::kObject, JsonType::kArray, JsonType::kString,
                               JsonType::kNumber, JsonType::kTrue,  JsonType::kFalse,
                               JsonType::kNull};
  for (JsonType type : expected) {
    ASSERT_TRUE(cursor.NextElement());
    EXPECT_EQ(cursor.Peek(), type);
    EXPECT_EQ(cursor.Peek(), type);
    ASSERT_TRUE(cursor.SkipValue());
  }
  EXPECT_FALSE(cursor.NextElement());
  EXPECT_EQ(cursor.Peek(), JsonType::kEnd);
}

TEST(JsonCursor, Peek_ReportsInvalidForAByteThatStartsNoValue) {
  JsonCursor cursor(" x");
  EXPECT_EQ(cursor.Peek(), JsonType::kInvalid);
}

TEST(JsonCursor, Peek_ClassifiesByTheFirstByteAfterAnyWhitespace) {
  const std::pair<std::string_view, JsonType> cases[] = {
      {" {}", JsonType::kObject},  {"\t[1]", JsonType::kArray},   {"\n\"s\"", JsonType::kString},
      {"7", JsonType::kNumber},    {"\r\n-0", JsonType::kNumber}, {"  true", JsonType::kTrue},
      {"false", JsonType::kFalse}, {" null", JsonType::kNull},    {"  ", JsonType::kEnd},
      {"", JsonType::kEnd},        {"+1", JsonType::kInvalid},    {"\x80", JsonType::kInvalid},
      {" .5", JsonType::kInvalid},
  };
  for (const auto& [document, type] : cases) {
    JsonCursor cursor(document);
    EXPECT_EQ(cursor.Peek(), type) << "'" << document << "'";
  }
}

TEST(JsonCursor, Peek_OnAFailedCursorIsInvalidWhateverComesNext) {
  JsonCursor cursor("[1 2]");
  ASSERT_TRUE(cursor.EnterArray());
  ASSERT_TRUE(cursor.NextElement());
  ASSERT_TRUE(cursor.SkipValue());
  EXPECT_FALSE(cursor.NextElement());
  EXPECT_EQ(cursor.Peek(), JsonType::kInvalid) << "the rest starts with a number";
}

TEST(JsonCursor, NextKey_TrailingCommaIsAnError) {
  JsonCursor cursor(R"({"a":1,})");
  std::string_view key;
  ASSERT_TRUE(cursor.EnterObject());
  ASSERT_TRUE(cursor.NextKey(&key));
  ASSERT_TRUE(cursor.SkipValue());
  EXPECT_FALSE(cursor.NextKey(&key));
  EXPECT_EQ(cursor.error(), "unexpected character '}' at byte 7");
}

TEST(JsonCursor, NextElement_ATrailingOrMissingCommaIsAnError) {
  // Spaced and compact: NextElement reads `,x` without the general checks.
  const std::pair<const char*, const char*> cases[] = {
      {"[1, ]", "unexpected character ']' at byte 4"},
      {"[1,]", "unexpected character ']' at byte 3"},
      {"[1 2]", "unexpected character '2' at byte 3"},
  };
  for (const auto& [document, error] : cases) {
    JsonCursor cursor(document);
    ASSERT_TRUE(cursor.EnterArray());
    ASSERT_TRUE(cursor.NextElement());
    ASSERT_TRUE(cursor.SkipValue());
    EXPECT_FALSE(cursor.NextElement()) << document;
    EXPECT_EQ(cursor.error(), error) << document;
  }
}

TEST(JsonCursor, NextElement_CompactAndSpacedElementsReadAlike) {
  JsonCursor cursor(R"([1,2 , 3,[4],"x" ,{}, null])");
  ASSERT_TRUE(cursor.EnterArray());
  for (JsonType expected :
       {JsonType::kNumber, JsonType::kNumber, JsonType::kNumber, JsonType::kArray,
        JsonType::kString, JsonType::kObject, JsonType::kNull}) {
    ASSERT_TRUE(cursor.NextElement()) << cursor.error();
    EXPECT_EQ(cursor.Peek(), expected);
    ASSERT_TRUE(cursor.SkipValue());
  }
  EXPECT_FALSE(cursor.NextElement());
  EXPECT_TRUE(cursor.ok());
  EXPECT_TRUE(cursor.AtEnd());
}

TEST(JsonCursor, NextElement_StaysFailedWhenTheRestLooksLikeAnElement) {
  JsonCursor cursor(R"([{"a" ,2])");
  std::string_view key;
  ASSERT_TRUE(cursor.EnterArray());
  ASSERT_TRUE(cursor.NextElement());
  ASSERT_TRUE(cursor.EnterObject());
  EXPECT_FALSE(cursor.NextKey(&key));  // no ':' after "a"
  EXPECT_EQ(cursor.rest(), ",2]");
  EXPECT_FALSE(cursor.NextElement());
  EXPECT_EQ(cursor.error(), "unexpected character ',' at byte 6");
}

TEST(JsonCursor, NextKey_MissingColonIsAnError) {
  JsonCursor cursor(R"({"event_name" "x"})");
  std::string_view key;
  ASSERT_TRUE(cursor.EnterObject());
  EXPECT_FALSE(cursor.NextKey(&key));
  EXPECT_FALSE(cursor.ok());
  EXPECT_EQ(cursor.error(), "unexpected character '\"' at byte 14");
}

TEST(JsonCursor, NextKey_CompactAndSpacedMembersReadAlike) {
  JsonCursor cursor(R"({"a":1,"b" :2, "c":3,"d":4})");
  std::string_view key;
  ASSERT_TRUE(cursor.EnterObject());
  for (std::string_view expected : {"a", "b", "c", "d"}) {
    ASSERT_TRUE(cursor.NextKey(&key)) << cursor.error();
    EXPECT_EQ(key, expected);
    ASSERT_TRUE(cursor.SkipValue());
  }
  EXPECT_FALSE(cursor.NextKey(&key));
  EXPECT_TRUE(cursor.ok());
}

TEST(JsonCursor, NextKey_MissingColonAfterACompactCommaIsAnError) {
  JsonCursor cursor(R"({"a":1,"b""x"})");
  std::string_view key;
  ASSERT_TRUE(cursor.EnterObject());
  ASSERT_TRUE(cursor.NextKey(&key));
  ASSERT_TRUE(cursor.SkipValue());
  EXPECT_FALSE(cursor.NextKey(&key));
  EXPECT_EQ(cursor.error(), "unexpected character '\"' at byte 10");
}

TEST(JsonCursor, NextKey_StaysFailedWhenTheRestLooksLikeAMember) {
  JsonCursor cursor(R"({"a" ,"b":1})");
  std::string_view key;
  ASSERT_TRUE(cursor.EnterObject());
  EXPECT_FALSE(cursor.NextKey(&key));
  EXPECT_EQ(cursor.rest(), R"(,"b":1})");
  EXPECT_FALSE(cursor.NextKey(&key));
  EXPECT_EQ(cursor.error(), "unexpected character ',' at byte 5");
}

TEST(JsonCursor, Errors_AreStickyAndPeekBecomesInvalid) {
  JsonCursor cursor("[x]");
  ASSERT_TRUE(cursor.EnterArray());
  ASSERT_TRUE(cursor.NextElement());
  EXPECT_FALSE(cursor.SkipValue());
  EXPECT_EQ(cursor.error(), "unexpected character 'x' at byte 1");
  EXPECT_EQ(cursor.Peek(), JsonType::kInvalid);
  EXPECT_FALSE(cursor.NextElement());
  EXPECT_FALSE(cursor.AtEnd());
  EXPECT_EQ(cursor.error(), "unexpected character 'x' at byte 1");
}

TEST(JsonCursor, Errors_NonPrintableByteIsShownInHex) {
  JsonCursor cursor("\x01");
  EXPECT_FALSE(cursor.SkipValue());
  EXPECT_EQ(cursor.error(), "unexpected byte 0x01 at byte 0");
}

TEST(JsonCursor, ReadNumberLiteral_AcceptsTheJsonGrammar) {
  for (std::string_view literal :
       {"0", "-0", "12", "-12", "1.5", "0.25", "1e9", "1E+9", "-2.5e-3"}) {
    JsonCursor cursor(literal);
    std::string_view read;
    EXPECT_TRUE(cursor.ReadNumberLiteral(&read)) << literal << ": " << cursor.error();
    EXPECT_EQ(read, literal);
    EXPECT_TRUE(cursor.AtEnd());
  }
}

TEST(JsonCursor, ReadNumberLiteral_RejectsWhatJsonForbids) {
  for (std::string_view literal : {"01", "1.", ".5", "-", "1e", "1e+", "+1", "1.5x", "-a", "0x1"}) {
    JsonCursor cursor(literal);
    std::string_view read;
    EXPECT_FALSE(cursor.ReadNumberLiteral(&read)) << literal;
  }
}

TEST(JsonCursor, ReadNumberLiteral_ErrorNamesTheOffendingByte) {
  JsonCursor cursor("[12a]");
  std::string_view read;
  ASSERT_TRUE(cursor.EnterArray());
  ASSERT_TRUE(cursor.NextElement());
  EXPECT_FALSE(cursor.ReadNumberLiteral(&read));
  EXPECT_EQ(cursor.error(), "unexpected character 'a' at byte 3");
}

TEST(JsonCursor, ParseInt64_AcceptsSignedDecimal) {
  int64_t value = 0;
  ASSERT_TRUE(JsonCursor::ParseInt64("-12", &value));
  EXPECT_EQ(value, -12);
  ASSERT_TRUE(JsonCursor::ParseInt64("1612069510766593", &value));
  EXPECT_EQ(value, 1612069510766593);
  ASSERT_TRUE(JsonCursor::ParseInt64("-0", &value));
  EXPECT_EQ(value, 0);
}

TEST(JsonCursor, ParseInt64_AcceptsBothLimits) {
  int64_t value = 0;
  ASSERT_TRUE(JsonCursor::ParseInt64("9223372036854775807", &value));
  EXPECT_EQ(value, INT64_MAX);
  ASSERT_TRUE(JsonCursor::ParseInt64("-9223372036854775808", &value));
  EXPECT_EQ(value, INT64_MIN);
}

TEST(JsonCursor, ParseInt64_AcceptsEighteenNinesAndLongRunsOfLeadingZeros) {
  int64_t value = 0;
  ASSERT_TRUE(JsonCursor::ParseInt64("999999999999999999", &value));
  EXPECT_EQ(value, 999999999999999999);
  ASSERT_TRUE(JsonCursor::ParseInt64("-0000000000000000000012", &value));
  EXPECT_EQ(value, -12);
}

TEST(JsonCursor, ParseInt64_RejectsOverflow) {
  int64_t value = 7;
  EXPECT_FALSE(JsonCursor::ParseInt64("9223372036854775808", &value));
  EXPECT_FALSE(JsonCursor::ParseInt64("-9223372036854775809", &value));
  EXPECT_FALSE(JsonCursor::ParseInt64("99999999999999999999", &value));
  EXPECT_EQ(value, 7);
}

TEST(JsonCursor, ParseInt64_ReadsEveryLengthAndRejectsANonDigitAnywhere) {
  // 1 to 18 digits (read eight at a time where they can be), each digit its own value; then
  // each position replaced by every byte that is no digit.
  const std::string digits = "123456789012345678";
  for (size_t size = 1; size <= digits.size(); ++size) {
    const std::string text = digits.substr(0, size);
    int64_t value = 0;
    ASSERT_TRUE(JsonCursor::ParseInt64(text, &value)) << text;
    EXPECT_EQ(value, std::stoll(text)) << text;
    ASSERT_TRUE(JsonCursor::ParseInt64("-" + text, &value)) << text;
    EXPECT_EQ(value, -std::stoll(text)) << text;
    for (size_t at = 0; at < size; ++at) {
      for (int byte = 0; byte < 256; ++byte) {
        if (byte >= '0' && byte <= '9') continue;
        std::string bad = text;
        bad[at] = static_cast<char>(byte);
        ASSERT_FALSE(JsonCursor::ParseInt64(bad, &value) && !(at == 0 && byte == '-'))
            << "byte " << byte << " at " << at << " of " << text;
      }
    }
  }
}

TEST(JsonCursor, ParseInt64_RejectsAnythingButDigits) {
  int64_t value = 0;
  for (std::string_view text : {"", "-", "+1", " 1", "1 ", "1.0", "1e3", "0x10", "--1"}) {
    EXPECT_FALSE(JsonCursor::ParseInt64(text, &value)) << '"' << text << '"';
  }
}

TEST(JsonCursor, ParseDouble_ParsesJsonNumbers) {
  double value = 0;
  ASSERT_TRUE(JsonCursor::ParseDouble("1.5e3", &value));
  EXPECT_EQ(value, 1500.0);
  ASSERT_TRUE(JsonCursor::ParseDouble("-0.25", &value));
  EXPECT_EQ(value, -0.25);
  ASSERT_TRUE(JsonCursor::ParseDouble("12", &value));
  EXPECT_EQ(value, 12.0);
  ASSERT_TRUE(JsonCursor::ParseDouble("1e-400", &value));
  EXPECT_EQ(value, 0.0);
}

TEST(JsonCursor, ParseDouble_GivesStrtodsExactValue) {
  // Short decimals take the fast path (digits / power of ten); the rest go through strtod.
  for (const char* text : {"68.37", "0.1", "0.3", "-0.0", "-27.95", "123456789012345",
                           "0.000000000000001", "9007199254.740993", "99999999999999.9",
                           "1234567890123456", "0.1234567890123456789", "2.5e-3"}) {
    double value = 0;
    ASSERT_TRUE(JsonCursor::ParseDouble(text, &value)) << text;
    const double expected = std::strtod(text, nullptr);
    EXPECT_EQ(std::memcmp(&value, &expected, sizeof value), 0) << text;
  }
}

TEST(JsonCursor, ParseDouble_HandlesLiteralsLongerThanTheStackCopy) {
  const std::string literal = "0." + std::string(300, '0') + "5e300";
  double value = 0;
  ASSERT_TRUE(JsonCursor::ParseDouble(literal, &value));
  EXPECT_DOUBLE_EQ(value, 0.5);
}

TEST(JsonCursor, ParseDouble_RejectsOverflowAndNonJsonSpellings) {
  double value = 0;
  for (std::string_view text : {"1e400", "", "inf", "nan", "0x1p3", "+1", "1.", " 1", "1,5"}) {
    EXPECT_FALSE(JsonCursor::ParseDouble(text, &value)) << '"' << text << '"';
  }
}

TEST(JsonCursor, ReadBool_RejectsMisspelledLiteral) {
  JsonCursor cursor("truex");
  bool value = false;
  EXPECT_FALSE(cursor.ReadBool(&value));
  EXPECT_EQ(cursor.error(), "unexpected character 'x' at byte 4");
}

TEST(JsonCursor, ReadNull_ReportsEndOfInputInsideLiteral) {
  JsonCursor cursor("nul");
  EXPECT_FALSE(cursor.ReadNull());
  EXPECT_EQ(cursor.error(), "unexpected end of input at byte 3");
}

TEST(JsonCursor, SkipValue_SkipsAWholeGa4Row) {
  JsonCursor cursor(kGa4LikeRow);
  ASSERT_TRUE(cursor.SkipValue()) << cursor.error();
  EXPECT_TRUE(cursor.AtEnd());
}

TEST(JsonCursor, SkipValue_SkipsOneFieldAndLeavesTheRest) {
  JsonCursor cursor(R"({"skip":{"a":["}",{"b":"]\"["}]},"keep":"yes"})");
  std::string_view key;
  std::string_view value;
  ASSERT_TRUE(cursor.EnterObject());
  ASSERT_TRUE(cursor.NextKey(&key));
  ASSERT_TRUE(cursor.SkipValue());
  ASSERT_TRUE(cursor.NextKey(&key));
  EXPECT_EQ(key, "keep");
  ASSERT_TRUE(cursor.ReadString(&value));
  EXPECT_EQ(value, "yes");
  EXPECT_FALSE(cursor.NextKey(&key));
  EXPECT_TRUE(cursor.ok());
}

TEST(JsonCursor, SkipValue_MismatchedCloserIsAnError) {
  JsonCursor cursor(R"({"a":[1}})");
  EXPECT_FALSE(cursor.SkipValue());
  EXPECT_EQ(cursor.error(), "unexpected character '}' at byte 7");
}

TEST(JsonCursor, WalkDocument_AcceptsTheGa4Row) { EXPECT_TRUE(WalkDocument(kGa4LikeRow)); }

TEST(JsonCursor, AtEnd_IsFalseWhenGarbageFollowsTheDocument) {
  JsonCursor cursor("{} x");
  ASSERT_TRUE(cursor.SkipValue());
  EXPECT_FALSE(cursor.AtEnd());
}

std::string NestedArrays(int depth) {
  return std::string(static_cast<size_t>(depth), '[') +
         std::string(static_cast<size_t>(depth), ']');
}

TEST(JsonCursor, SkipValue_AcceptsNestingAtTheLimit) {
  const std::string at_limit = NestedArrays(JsonCursor::kMaxDepth);
  JsonCursor cursor(at_limit);
  EXPECT_TRUE(cursor.SkipValue()) << cursor.error();
  EXPECT_TRUE(cursor.AtEnd());
}

TEST(JsonCursor, SkipValue_FailsCleanlyBeyondTheNestingLimit) {
  const std::string far_too_deep = NestedArrays(100000);
  JsonCursor cursor(far_too_deep);
  EXPECT_FALSE(cursor.SkipValue());
  EXPECT_EQ(cursor.error(), "nesting deeper than 512 at byte 512");
}

TEST(JsonCursor, SkipValue_CountsContainersTheCallerAlreadyEntered) {
  const std::string document = "[" + NestedArrays(JsonCursor::kMaxDepth) + "]";
  JsonCursor cursor(document);
  ASSERT_TRUE(cursor.EnterArray());
  ASSERT_TRUE(cursor.NextElement());
  EXPECT_FALSE(cursor.SkipValue());
  EXPECT_EQ(cursor.error(), "nesting deeper than 512 at byte 512");
}

TEST(JsonCursor, EnterArray_FailsCleanlyBeyondTheNestingLimit) {
  EXPECT_TRUE(WalkDocument(NestedArrays(JsonCursor::kMaxDepth)));
  const std::string too_deep = NestedArrays(JsonCursor::kMaxDepth + 1);
  JsonCursor cursor(too_deep);
  int entered = 0;
  while (cursor.EnterArray()) ++entered;
  EXPECT_EQ(entered, JsonCursor::kMaxDepth);
  EXPECT_EQ(cursor.error(), "nesting deeper than 512 at byte 512");
}

// Every strict prefix of a document is invalid; parsing it must fail cleanly and never read
// past the end (the copy has no spare byte after it, so AddressSanitizer catches overreads).
TEST(JsonCursor, Truncation_EveryPrefixFailsWithoutReadingPastTheEnd) {
  for (size_t length = 0; length < kGa4LikeRow.size(); ++length) {
    std::unique_ptr<char[]> prefix(new char[length]);
    std::copy(kGa4LikeRow.begin(), kGa4LikeRow.begin() + static_cast<ptrdiff_t>(length),
              prefix.get());
    const std::string_view truncated(prefix.get(), length);
    EXPECT_FALSE(WalkDocument(truncated)) << "length " << length;
    JsonCursor skipper(truncated);
    EXPECT_FALSE(skipper.SkipValue()) << "length " << length;
    EXPECT_FALSE(skipper.error().empty());
  }
}

TEST(JsonCursor, Truncation_InsideEscapesAndMultibyteSequencesFailsCleanly) {
  const std::string_view document = "\"\\ud83d\\ude00 \\u00e9 \xE2\x82\xAC \\n\"";
  for (size_t length = 0; length < document.size(); ++length) {
    std::unique_ptr<char[]> prefix(new char[length]);
    std::copy(document.begin(), document.begin() + static_cast<ptrdiff_t>(length), prefix.get());
    JsonCursor cursor(std::string_view(prefix.get(), length));
    std::string_view value;
    EXPECT_FALSE(cursor.ReadString(&value)) << "length " << length;
  }
}

}  // namespace
}  // namespace touchpath
