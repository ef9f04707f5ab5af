#include "core/spec/spec_json.h"

#include <string>

namespace touchpath {

namespace {

// nlohmann's DOM builder, plus where the first syntax error was (the stock one only says
// that there was one when exceptions are off).
class PositionRecordingSax {
 public:
  explicit PositionRecordingSax(nlohmann::json* root) : builder_(*root, false) {}
  using number_integer_t = nlohmann::json::number_integer_t;
  using number_unsigned_t = nlohmann::json::number_unsigned_t;
  using number_float_t = nlohmann::json::number_float_t;
  using string_t = nlohmann::json::string_t;
  using binary_t = nlohmann::json::binary_t;

  bool null() { return builder_.null(); }
  bool boolean(bool value) { return builder_.boolean(value); }
  bool number_integer(number_integer_t value) { return builder_.number_integer(value); }
  bool number_unsigned(number_unsigned_t value) { return builder_.number_unsigned(value); }
  bool number_float(number_float_t value, const string_t& text) {
    return builder_.number_float(value, text);
  }
  bool string(string_t& value) { return builder_.string(value); }
  bool binary(binary_t& value) { return builder_.binary(value); }
  bool start_object(std::size_t size) { return builder_.start_object(size); }
  bool key(string_t& value) { return builder_.key(value); }
  bool end_object() { return builder_.end_object(); }
  bool start_array(std::size_t size) { return builder_.start_array(size); }
  bool end_array() { return builder_.end_array(); }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception&) {
    failed_ = true;
    position_ = position;
    token_ = token;
    return false;
  }

  bool failed() const { return failed_; }
  std::size_t position() const { return position_; }
  const std::string& token() const { return token_; }

 private:
  nlohmann::detail::json_sax_dom_parser<nlohmann::json> builder_;
  bool failed_ = false;
  std::size_t position_ = 0;
  std::string token_;
};

}  // namespace

Status ParseJsonText(std::string_view text, std::string_view what, nlohmann::json* out) {
  PositionRecordingSax sax(out);
  const bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &sax,
                                            nlohmann::json::input_format_t::json, true);
  if (ok && !sax.failed()) return Status::Ok();
  std::string token = sax.token().substr(0, 40);
  for (char& c : token) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) c = '?';
  }
  return Status::BadSpec(std::string(what) + " is not valid JSON (at byte " +
                         std::to_string(sax.position()) +
                         (token.empty() ? std::string() : ", near '" + token + "'") + ")");
}

std::string DumpJson(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace touchpath
