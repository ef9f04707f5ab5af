#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace touchpath {

// Errors are values: bad user input never throws across the engine's doors.
// kOutOfMemory: loading stopped before finishing would pass the session's memory limit. Its
// own code, so callers (the web page's light load) can tell it from unusable input.
enum class StatusCode { kOk = 0, kBadInput = 1, kBadSpec = 2, kOutOfMemory = 3 };

class Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status BadInput(std::string message) {
    return Status(StatusCode::kBadInput, std::move(message));
  }
  static Status BadSpec(std::string message) {
    return Status(StatusCode::kBadSpec, std::move(message));
  }
  static Status OutOfMemory(std::string message) {
    return Status(StatusCode::kOutOfMemory, std::move(message));
  }

  // The same status with `prefix` before its message (where it arose, say).
  Status Prefixed(std::string_view prefix) const {
    return Status(code_, std::string(prefix) + message_);
  }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

}  // namespace touchpath
