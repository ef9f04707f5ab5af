#pragma once

#include <cstddef>
#include <string_view>

// Case-insensitive (ASCII) string checks: GA4 channel rules match case-insensitively, and the
// engine must not allocate or use std::regex to evaluate them.
namespace touchpath::ascii_case {

constexpr char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Three-way comparison of ToLower(text) against an already lower-case key.
constexpr int CompareLowered(std::string_view text, std::string_view lower_key) {
  const std::size_t common = text.size() < lower_key.size() ? text.size() : lower_key.size();
  for (std::size_t i = 0; i < common; ++i) {
    const auto a = static_cast<unsigned char>(ToLower(text[i]));
    const auto b = static_cast<unsigned char>(lower_key[i]);
    if (a != b) return a < b ? -1 : 1;
  }
  if (text.size() == lower_key.size()) return 0;
  return text.size() < lower_key.size() ? -1 : 1;
}

constexpr bool Equals(std::string_view text, std::string_view lower_key) {
  return text.size() == lower_key.size() && CompareLowered(text, lower_key) == 0;
}

constexpr bool StartsWith(std::string_view text, std::string_view lower_prefix) {
  return text.size() >= lower_prefix.size() &&
         Equals(text.substr(0, lower_prefix.size()), lower_prefix);
}

constexpr bool EndsWith(std::string_view text, std::string_view lower_suffix) {
  return text.size() >= lower_suffix.size() &&
         Equals(text.substr(text.size() - lower_suffix.size()), lower_suffix);
}

// Position of the first case-insensitive occurrence of lower_needle at or after `from`, or npos.
constexpr std::size_t Find(std::string_view text, std::string_view lower_needle,
                           std::size_t from = 0) {
  if (lower_needle.size() > text.size()) return std::string_view::npos;
  for (std::size_t i = from; i + lower_needle.size() <= text.size(); ++i) {
    if (Equals(text.substr(i, lower_needle.size()), lower_needle)) return i;
  }
  return std::string_view::npos;
}

constexpr bool Contains(std::string_view text, std::string_view lower_needle) {
  return Find(text, lower_needle) != std::string_view::npos;
}

}  // namespace touchpath::ascii_case
