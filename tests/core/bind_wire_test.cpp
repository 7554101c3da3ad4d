// The binder's wire read defensively (wasm/bind_wire.hpp, wasm/bind.hpp): whatever JS writes
// in the argument slots becomes a defined value, and strings stay inside the reserved bytes;
// the signatures JS reads are what it parses.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "bind.hpp"

using namespace rps::bind;

namespace {
struct Sample {
    bool ok = false;
    std::string text;
    double value = 0;
};
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("bind wire: numbers outside the argument type's range are clamped, NaN is 0") {
    CHECK(number_from_slot<int>(42.9) == 42);
    CHECK(number_from_slot<int>(-42.9) == -42);
    CHECK(number_from_slot<int>(kNaN) == 0);
    CHECK(number_from_slot<int>(kInf) == std::numeric_limits<int>::max());
    CHECK(number_from_slot<int>(-kInf) == std::numeric_limits<int>::min());
    CHECK(number_from_slot<int>(1e300) == std::numeric_limits<int>::max());
    CHECK(number_from_slot<std::uint32_t>(-1) == 0u);
    CHECK(number_from_slot<std::uint32_t>(-0.5) == 0u);
    CHECK(number_from_slot<std::uint32_t>(4294967296.0) == 4294967295u);
    CHECK(number_from_slot<std::size_t>(1e30) == std::numeric_limits<std::size_t>::max());
    CHECK(number_from_slot<std::int64_t>(-1e30) == std::numeric_limits<std::int64_t>::min());
    CHECK(number_from_slot<std::int64_t>(9223372036854775808.0) == std::numeric_limits<std::int64_t>::max());
    CHECK(number_from_slot<std::uint8_t>(300) == 255);
    CHECK(number_from_slot<float>(1e300) == std::numeric_limits<float>::max());
    CHECK(number_from_slot<float>(-1e300) == std::numeric_limits<float>::lowest());
    CHECK(std::isnan(number_from_slot<double>(kNaN)));
    CHECK(number_from_slot<double>(-kInf) == -kInf);
    CHECK(number_from_slot<double>(1.5) == 1.5);
}

TEST_CASE("bind wire: a string length never reaches past the reserved bytes") {
    CHECK(length_from_slot(3, 10) == 3);
    CHECK(length_from_slot(11, 10) == 10);
    CHECK(length_from_slot(1e300, 10) == 10);
    CHECK(length_from_slot(kInf, 10) == 10);
    CHECK(length_from_slot(kNaN, 10) == 0);
    CHECK(length_from_slot(-5, 10) == 0);
    CHECK(byte_slots(0) == 0);
    CHECK(byte_slots(9) == 2);
    CHECK(byte_slots(kMaxArgBytes) == kMaxArgBytes / 8);
    CHECK(byte_slots(kMaxArgBytes + 1) == 0);
    CHECK(byte_slots(std::numeric_limits<std::size_t>::max()) == 0);  // + 7 would wrap
}

TEST_CASE("bind wire: the string arguments are read within their bytes, numbers safely") {
    double slots[kArgSlots] = {};
    const char bytes[] = {'a', 'b', 'c', 'd', 'e'};
    slots[0] = 2;       // "ab"
    slots[1] = kNaN;    // a number
    slots[2] = 1e9;     // claims far more than the 3 bytes left
    slots[3] = 4;       // nothing left
    slots[4] = -1;      // a negative length
    slots[5] = 7;       // a bool
    std::string strings[kArgSlots];
    read_strings("snsssb", slots, bytes, sizeof bytes, strings);
    const Args in{slots, strings};
    CHECK(in.get<const std::string&>(0) == "ab");
    CHECK(in.get<int>(1) == 0);
    CHECK(in.get<std::string>(2) == "cde");
    CHECK(in.get<std::string>(3).empty());
    CHECK(in.get<std::string>(4).empty());
    CHECK(in.get<bool>(5));
    CHECK(strings[1].empty());  // a number's slot is no string
}

TEST_CASE("bind wire: an entry index past the tables finds nothing") {
    const Table first = {Entry{"a", "v", nullptr}, Entry{"b", "v", nullptr}};
    const Table second = {Entry{"c", "v", nullptr}};
    const std::initializer_list<const Table*> tables = {&first, &second};
    CHECK(entry_at(tables, 0) == first.begin());
    CHECK(entry_at(tables, 1) == first.begin() + 1);
    CHECK(entry_at(tables, 2) == second.begin());
    CHECK(entry_at(tables, 3) == nullptr);
    CHECK(entry_at(tables, std::size_t(-1)) == nullptr);
}

template <>
constexpr Fields rps::bind::fields_of<Sample> = {field<&Sample::ok>("ok"), field<&Sample::text>("text"),
                                                  field<&Sample::value>("value")};

TEST_CASE("bind wire: a signature is the result's letter or a struct's fields, then the arguments' letters") {
    CHECK(std::string(SignatureText<void>::value.data()) == "v");
    CHECK(std::string(SignatureText<std::string, const std::string&, double, bool, std::uint32_t>::value.data()) ==
          "ssnbn");
    CHECK(std::string(SignatureText<Sample, const std::string&>::value.data()) == "{ok:b,text:s,value:n}s");
    CHECK(std::string(arg_letters(SignatureText<Sample, const std::string&>::value.data())) == "s");
    CHECK(std::string(arg_letters("vnb")) == "nb");
}
