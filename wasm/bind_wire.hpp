// The binder's wire (bind.hpp) read defensively: JS writes the argument slots, so a slot may
// hold NaN, an infinity, a negative or a huge value, and a string length may claim more
// bytes than rps_bind_args reserved. Converting such a double with static_cast is undefined
// behaviour and reading past the area is out of bounds; these turn them into defined values.
// Kept apart from bind.cpp (WASM only) so that the native tests check them.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace rps::bind {

// A slot as the argument type U: for an integer, NaN and infinities are 0 and the rest is
// truncated toward zero and clamped to U's range; for a floating type, finite values are
// clamped to its range (a double to float conversion out of range is undefined).
template <typename U>
U number_from_slot(double slot) {
    static_assert(std::is_arithmetic_v<U> && !std::is_same_v<U, bool>, "a number slot becomes a number");
    using Limits = std::numeric_limits<U>;
    if constexpr (std::is_floating_point_v<U>) {
        if (!std::isfinite(slot) || sizeof(U) >= sizeof(double)) return static_cast<U>(slot);
        if (slot > double(Limits::max())) return Limits::max();
        if (slot < double(Limits::lowest())) return Limits::lowest();
        return static_cast<U>(slot);
    } else {
        if (std::isnan(slot)) return 0;
        // Compared as doubles: an integer type's max may round up when converted (2^64 - 1
        // becomes 2^64), so "at least max" is the test, not "above max".
        if (slot >= double(Limits::max())) return Limits::max();
        if (slot <= double(Limits::lowest())) return Limits::lowest();
        return static_cast<U>(slot);
    }
}

// A string length slot: NaN and negatives are 0, and no more than `available` (the bytes
// left in the area rps_bind_args reserved).
inline std::size_t length_from_slot(double slot, std::size_t available) {
    if (!(slot > 0)) return 0;
    if (slot >= double(available)) return available;
    return static_cast<std::size_t>(slot);
}

// The largest string area rps_bind_args reserves; more is refused (null), so that rounding
// the size up to whole slots cannot wrap.
constexpr std::size_t kMaxArgBytes = std::size_t(1) << 30;

// How many f64 slots hold `bytes` of strings, rounded up; 0 past kMaxArgBytes.
constexpr std::size_t byte_slots(std::size_t bytes) {
    return bytes > kMaxArgBytes ? 0 : (bytes + sizeof(double) - 1) / sizeof(double);
}

}  // namespace rps::bind
