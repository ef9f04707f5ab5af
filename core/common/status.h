#pragma once

#include <string>
#include <utility>

namespace touchpath {

// Errors are values: bad user input never throws across the engine's doors.
enum class StatusCode { kOk = 0, kBadInput = 1, kBadSpec = 2 };

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

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

}  // namespace touchpath
