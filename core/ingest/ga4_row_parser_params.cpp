// Ga4RowParser's reading of event_params and user_properties: arrays of
// {"key": NAME, "value": {"string_value" | "int_value" | "double_value" | "float_value": V}}.
// Elements in BigQuery's exact shape are read by hand (ReadGa4ParamElement); any other shape
// goes through the JSON cursor and stores the same thing.
#include "core/ingest/ga4_row_parser.h"

#include "core/common/byte_scan.h"
#include "core/ingest/ga4_param_element.h"

namespace touchpath {

using byte_scan::TextIs;

namespace {

// A user property's value member that is not its value.
constexpr std::string_view kTimestampMember = "set_timestamp_micros";

}  // namespace

bool Ga4RowParser::TypedMemberValue(uint32_t field_id, std::string_view type, bool is_string,
                                   std::string_view text, Value* value) {
  int64_t integer;
  if (is_string) {
    *value = TextIs(type, "int_value") && JsonCursor::ParseInt64(text, &integer)
                 ? Value::Int(integer)
                 : Value::String(InternValue(field_id, text));
    return true;
  }
  double number;
  if (!TextIs(type, "double_value") && !TextIs(type, "float_value") &&
      JsonCursor::ParseInt64(text, &integer)) {
    *value = Value::Int(integer);
    return true;
  }
  if (!JsonCursor::ParseDouble(text, &number)) return false;
  *value = Value::Double(number);
  return true;
}

bool Ga4RowParser::ParseTypedValue(uint32_t field_id) {
  // {"string_value": ..} | {"int_value": "123"} | {"double_value": 1.5} | {"float_value": ..}
  // | {} ; the first non-null member wins.
  if (field_id == FieldPathIndex::kSkipped || cursor_->Peek() != JsonType::kObject) {
    return cursor_->SkipValue();
  }
  if (!cursor_->EnterObject()) return false;
  std::string_view key;
  bool stored = false;
  while (cursor_->NextKey(&key)) {
    const JsonType type = cursor_->Peek();
    if (stored || type == JsonType::kNull || TextIs(key, kTimestampMember)) {
      if (!cursor_->SkipValue()) return false;
      continue;
    }
    if (type == JsonType::kString || type == JsonType::kNumber) {
      std::string_view text;
      const bool is_string = type == JsonType::kString;
      if (!(is_string ? cursor_->ReadString(&text) : cursor_->ReadNumberLiteral(&text))) {
        return false;
      }
      Value value;
      stored = TypedMemberValue(field_id, key, is_string, text, &value);
      if (stored) AddField(field_id, value, false);
    } else {
      if (!cursor_->SkipValue()) return false;
    }
  }
  return cursor_->ok();
}

Ga4RowParser::ParamRead Ga4RowParser::ParamElementValue(uint32_t field_id,
                                                        const Ga4ParamElement& element,
                                                        Value* value) {
  using ValueKind = Ga4ParamElement::ValueKind;
  if (field_id == FieldPathIndex::kSkipped || element.value_kind == ValueKind::kNull ||
      TextIs(element.type, kTimestampMember)) {
    return ParamRead::kNothing;
  }
  std::string_view text = element.value;
  if (element.value_kind == ValueKind::kString && !element.value_plain) {
    // Escapes (page_location's \u0026) or non-ASCII bytes: decoded by the record cursor, over
    // the string and its quotes. A string with invalid UTF-8 is left to the general parser,
    // which counts the replacement (a remembered element could not).
    if (cursor_ == &record_cursor_) return ParamRead::kGeneralParser;
    record_cursor_.Reset(std::string_view(text.data() - 1, text.size() + 2));
    if (!record_cursor_.ReadString(&text) || record_cursor_.replaced_invalid_utf8() > 0) {
      return ParamRead::kGeneralParser;
    }
  }
  return TypedMemberValue(field_id, element.type, element.value_kind == ValueKind::kString, text,
                          value)
             ? ParamRead::kValue
             : ParamRead::kGeneralParser;
}

bool Ga4RowParser::ParseKeyValueArray(uint32_t parent, ElementMemo* elements) {
  // [{"key": "ga_session_id", "value": {"int_value": "123"}}, ...]
  if (cursor_->Peek() != JsonType::kArray) return cursor_->SkipValue();
  if (!cursor_->EnterArray()) return false;
  RecentTextMemo<StoredParam>* const memo = elements->gate.open() ? &elements->texts : nullptr;
  uint32_t tries = 0;
  uint32_t found = 0;
  for (size_t position = 0; cursor_->NextElement(); ++position) {
    const std::string_view rest = cursor_->rest();
    if (memo != nullptr) {
      ++tries;
      if (const auto* known = memo->Find(position, rest)) {
        ++found;
        const StoredParam& stored = known->payload;
        if (stored.value) AddField(stored.field_id, *stored.value, false);
        cursor_->SkipKnownValue(known->text.size());
        continue;
      }
    }
    if (cursor_->Peek() != JsonType::kObject) {
      if (!cursor_->SkipValue()) return false;
      continue;
    }
    Ga4ParamElement element;
    if (ReadGa4ParamElement(rest, &element)) {
      const uint32_t field_id = field_paths_.Child(parent, element.name);
      Value value;
      const ParamRead read = ParamElementValue(field_id, element, &value);
      if (read != ParamRead::kGeneralParser) {
        const bool stores = read == ParamRead::kValue;
        if (stores) AddField(field_id, value, false);
        StoredParam* remembered =
            memo != nullptr ? memo->Add(position, rest.substr(0, element.size)) : nullptr;
        if (remembered != nullptr) {
          *remembered = StoredParam{field_id, stores ? std::optional<Value>(value) : std::nullopt};
        }
        cursor_->SkipKnownValue(element.size);
        continue;
      }
    }
    if (!cursor_->EnterObject()) return false;
    std::string_view member;
    uint32_t field_id = kNoId;
    std::string_view value_before_key;  // the value's text when it came first
    while (cursor_->NextKey(&member)) {
      if (TextIs(member, "key") && cursor_->Peek() == JsonType::kString) {
        std::string_view name;
        if (!cursor_->ReadString(&name)) return false;
        field_id = field_paths_.Child(parent, name);
      } else if (TextIs(member, "value") && field_id != kNoId) {
        if (!ParseTypedValue(field_id)) return false;
      } else if (TextIs(member, "value")) {
        // GA4 writes "key" first, but JSON does not promise member order: keep the value's
        // text and read it once the key is known.
        const std::string_view rest = cursor_->rest();
        if (!cursor_->SkipValue()) return false;
        value_before_key = rest.substr(0, rest.size() - cursor_->rest().size());
      } else {
        if (!cursor_->SkipValue()) return false;
      }
    }
    if (!cursor_->ok()) return false;
    if (!value_before_key.empty() && field_id != kNoId &&
        !ParseValueText(field_id, value_before_key)) {
      return false;
    }
  }
  elements->gate.Count(tries, found);
  return cursor_->ok();
}

bool Ga4RowParser::ParseValueText(uint32_t field_id, std::string_view text) {
  JsonCursor* const row_cursor = cursor_;
  cursor_ = &record_cursor_;
  record_cursor_.Reset(text);
  const bool ok = ParseTypedValue(field_id) && record_cursor_.AtEnd();
  cursor_ = row_cursor;
  replaced_invalid_utf8_ += record_cursor_.replaced_invalid_utf8();
  if (!ok) record_error_ = "invalid JSON: " + record_cursor_.error() + " in a param value";
  return ok;
}

}  // namespace touchpath
