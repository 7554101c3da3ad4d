// The engine's calls as JS sees them: a small binder in place of Embind, whose JS runtime and
// RTTI the bundle no longer carries. Each bindings_*.cpp registers its functions (and the
// structs they return) at start; js-bindings/bind.js reads the table and makes one JS function
// per entry.
//
// The wire: JS writes the arguments into the area rps_bind_args gives as one f64 slot each
// (numbers and bools as themselves, strings as their UTF-8 length, the bytes following the
// kArgSlots slots in argument order), then calls entry i. The result lands in result slots:
// a number or bool in one slot, a string in two (address, length); a struct's numbers and
// bools come first, in field order, then its strings. Strings are UTF-8 both
// ways; a result string stays valid until the next call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "bind_wire.hpp"

namespace rps::bind {

constexpr std::size_t kArgSlots = 16;  // ARG_SLOTS in js-bindings/bind.js

// One slot's type, as the signature letter JS reads: n number, b bool, s string, v void.
enum class Kind : char { number = 'n', boolean = 'b', string = 's', none = 'v' };

template <typename T>
constexpr Kind kind_of() {
    using U = std::decay_t<T>;
    if constexpr (std::is_same_v<U, bool>) return Kind::boolean;
    else if constexpr (std::is_arithmetic_v<U>) return Kind::number;
    else if constexpr (std::is_same_v<U, std::string>) return Kind::string;
    else return Kind::none;
}

// Reads the arguments of one call, in order, from kArgSlots slots and `byte_count` bytes of
// strings. What JS wrote is not trusted (bind_wire.hpp): a string never reads past the
// bytes, a number is converted without undefined behaviour, a slot past the last is 0.
class ArgReader {
public:
    ArgReader(const double* slots, const char* bytes, std::size_t byte_count)
        : slots_(slots), bytes_(bytes), byte_count_(byte_count) {}
    template <typename T>
    std::decay_t<T> next() {
        using U = std::decay_t<T>;
        const double slot = index_ < kArgSlots ? slots_[index_] : 0;
        ++index_;
        if constexpr (std::is_same_v<U, std::string>) {
            const std::size_t length = length_from_slot(slot, byte_count_ - offset_);
            std::string text(bytes_ + offset_, length);
            offset_ += length;
            return text;
        } else if constexpr (std::is_same_v<U, bool>) {
            return slot != 0;
        } else {
            static_assert(std::is_arithmetic_v<U>, "a bound argument is a number, a bool or a std::string");
            return number_from_slot<U>(slot);
        }
    }

private:
    const double* slots_;
    const char* bytes_;
    std::size_t byte_count_;
    std::size_t index_ = 0;
    std::size_t offset_ = 0;
};

// Collects one call's result; strings are kept until the next call.
class ResultWriter {
public:
    void reset() {
        slots_.clear();
        strings_.clear();
    }
    template <typename T>
    void put(T value) {
        if constexpr (std::is_same_v<T, std::string>) {
            strings_.push_back(std::move(value));
        } else {
            slots_.push_back(static_cast<double>(value));
        }
    }
    // Strings go last: their addresses are final only once all are kept.
    const double* finish();

private:
    std::vector<double> slots_;  // the numbers, then at finish() each string's address and length
    std::vector<std::string> strings_;
};

ResultWriter& result();

// A struct returned by value: its fields, each a name, a kind and where it lies.
struct Field {
    const char* name;
    Kind kind;
    void (*put)(const void* object, std::size_t offset, ResultWriter& out);
    std::size_t offset;
};

template <typename T>
std::vector<Field>& fields_of() {
    static std::vector<Field> fields;
    return fields;
}

template <typename T>
class value_object {
public:
    explicit value_object(const char*) { fields_of<T>().clear(); }
    template <typename M>
    value_object& field(const char* name, M T::*member) {
        static_assert(kind_of<M>() != Kind::none, "a bound field is a number, a bool or a std::string");
        // The offset of the member in any T: the struct is a plain aggregate of these types.
        const T probe{};
        const auto offset = static_cast<std::size_t>(reinterpret_cast<const char*>(&(probe.*member)) -
                                                     reinterpret_cast<const char*>(&probe));
        fields_of<T>().push_back({name, kind_of<M>(), &put_member<M>, offset});
        return *this;
    }

private:
    template <typename M>
    static void put_member(const void* object, std::size_t offset, ResultWriter& out) {
        out.put(*reinterpret_cast<const M*>(static_cast<const char*>(object) + offset));
    }
};

template <typename R>
void put_result(R value, ResultWriter& out) {
    if constexpr (kind_of<R>() != Kind::none) {
        out.put(std::move(value));
    } else {
        for (const Field& f : fields_of<R>()) f.put(&value, f.offset, out);
    }
}

template <typename... A>
struct ArgLetters {
    static_assert(((kind_of<A>() != Kind::none) && ...), "a bound argument is a number, a bool or a std::string");
    static constexpr char value[] = {static_cast<char>(kind_of<A>())..., '\0'};
};

template <typename R, typename... A>
struct Thunk {
    using Fn = R (*)(A...);
    static void call(void* fn, ArgReader& in, ResultWriter& out) {
        // Braces: the arguments are read left to right.
        std::tuple<std::decay_t<A>...> args{in.template next<A>()...};
        if constexpr (std::is_void_v<R>) {
            std::apply(reinterpret_cast<Fn>(fn), std::move(args));
        } else {
            put_result<R>(std::apply(reinterpret_cast<Fn>(fn), std::move(args)), out);
        }
    }
};

// What JS needs to call a function of one signature: the result's letter ('{' for a struct,
// whose fields follow) and one letter per argument. One constant per signature, shared by
// its functions, so that registering a function is one call with three constants.
struct Signature {
    void (*call)(void* fn, ArgReader& in, ResultWriter& out);
    char result;
    std::vector<Field>& (*fields)();  // a struct result's, else null
    const char* args;
};

template <typename R, typename... A>
constexpr Signature signature_of() {
    static_assert(sizeof...(A) <= kArgSlots, "more arguments than the wire has slots");
    constexpr bool is_struct = !std::is_void_v<R> && kind_of<R>() == Kind::none;
    if constexpr (is_struct)
        return {&Thunk<R, A...>::call, '{', &fields_of<R>, ArgLetters<A...>::value};
    else
        return {&Thunk<R, A...>::call, std::is_void_v<R> ? 'v' : static_cast<char>(kind_of<R>()), nullptr,
                ArgLetters<A...>::value};
}

template <typename R, typename... A>
inline constexpr Signature kSignature = signature_of<R, A...>();

struct Entry {
    const char* name;
    void* fn;
    const Signature* signature;
};

std::vector<Entry>& entries();
void add(const char* name, void* fn, const Signature& signature);

// Entry i of `table`, null past its end (JS passes the index).
inline const Entry* entry_at(const std::vector<Entry>& table, std::size_t i) { return i < table.size() ? &table[i] : nullptr; }

template <typename R, typename... A>
void function(const char* name, R (*fn)(A...)) {
    add(name, reinterpret_cast<void*>(fn), kSignature<R, A...>);
}

}  // namespace rps::bind

// Runs its body once at start, like EMSCRIPTEN_BINDINGS.
#define RPS_BINDINGS(tag)                                      \
    static void rps_bindings_##tag();                          \
    [[maybe_unused]] static const int rps_bindings_registered_##tag = (rps_bindings_##tag(), 0); \
    static void rps_bindings_##tag()
