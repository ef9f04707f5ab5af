#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace touchpath {

// Writes plain data into one byte string: numbers as 8 little-endian bytes (WebAssembly and
// x86 alike), texts and arrays with their size first. What a later part of a load hands from
// one engine instance to another (Session::EncodeLaterPart).
class ByteWriter {
 public:
  void Number(uint64_t value) { Raw(&value, sizeof value); }
  void Text(std::string_view text) {
    Number(text.size());
    Raw(text.data(), text.size());
  }
  // `count` values of a trivially copyable type, their count first.
  template <typename T>
  void Array(const T* values, size_t count) {
    static_assert(std::is_trivially_copyable_v<T>);
    Number(count);
    Raw(values, count * sizeof(T));
  }
  std::string Take() && { return std::move(bytes_); }

 private:
  void Raw(const void* data, size_t size) {
    bytes_.append(static_cast<const char*>(data), size);
  }
  std::string bytes_;
};

// Reads what a ByteWriter wrote. Every read checks the bytes left: past the end (bytes cut
// short or not a writer's), reads yield zeros and empty texts, and ok() turns false for good.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : rest_(bytes) {}

  uint64_t Number() {
    uint64_t value = 0;
    Raw(&value, sizeof value);
    return value;
  }
  std::string_view Text() {
    const uint64_t size = Number();
    if (!ok_ || size > rest_.size()) return Fail();
    const std::string_view text = rest_.substr(0, size);
    rest_.remove_prefix(size);
    return text;
  }
  // A count written by ByteWriter::Array, checked against the bytes its values need.
  template <typename T>
  size_t ArrayCount() {
    const uint64_t count = Number();
    if (!ok_ || count > rest_.size() / sizeof(T)) {
      Fail();
      return 0;
    }
    return count;
  }
  // Reads the `count` values ArrayCount announced into `values`.
  template <typename T>
  void ArrayValues(T* values, size_t count) {
    static_assert(std::is_trivially_copyable_v<T>);
    Raw(values, count * sizeof(T));
  }
  bool ok() const { return ok_; }
  bool AtEnd() const { return ok_ && rest_.empty(); }
  // For the caller's own checks of what it read (an id out of range, say).
  void FailIf(bool invalid) {
    if (invalid) Fail();
  }

 private:
  std::string_view Fail() {
    ok_ = false;
    rest_ = std::string_view();
    return std::string_view();
  }
  void Raw(void* data, size_t size) {
    if (!ok_ || size > rest_.size()) {
      Fail();
      std::memset(data, 0, size);
      return;
    }
    std::memcpy(data, rest_.data(), size);
    rest_.remove_prefix(size);
  }
  std::string_view rest_;
  bool ok_ = true;
};

}  // namespace touchpath
