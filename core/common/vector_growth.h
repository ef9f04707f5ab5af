#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace touchpath {

// What a std::vector's next growth allocates at most: a new array of twice its capacity, held
// beside the old one while the elements move (one element's worth for an empty vector). For
// memory limits that must hold at any step of loading.
template <typename T>
size_t BytesOfNextGrowth(const std::vector<T>& values) {
  return 2 * std::max<size_t>(values.capacity(), 1) * sizeof(T);
}

}  // namespace touchpath
