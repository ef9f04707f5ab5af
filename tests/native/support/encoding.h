#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "core/common/byte_codec.h"

namespace touchpath::testing {

// The bytes `part.EncodeTo` writes (a part of a store that travels between engine instances).
template <typename Part>
std::string EncodedBytes(const Part& part) {
  ByteWriter writer;
  part.EncodeTo(&writer);
  return std::move(writer).Take();
}

// Reads `bytes` into the empty `*part` with DecodeFrom; false when it refuses them.
template <typename Part>
bool DecodeInto(std::string_view bytes, Part* part) {
  ByteReader reader(bytes);
  return part->DecodeFrom(&reader);
}

}  // namespace touchpath::testing
