// The engine's calls as JS sees them: a small binder in place of Embind, whose JS runtime and
// RTTI the bundle no longer carries. Each bindings*.cpp lists its functions (and the fields
// of the structs they return) as constant tables, built at compile time: nothing runs at
// start. js-bindings/bind.js reads the tables and makes one JS function per entry.
//
// The wire: JS writes the arguments into the area rps_bind_args gives as one f64 slot each
// (numbers and bools as themselves, strings as their UTF-8 length, the bytes following the
// kArgSlots slots in argument order), then calls entry i. The result lands in result slots:
// a number or bool in one slot, a string in two (address, length); a struct's numbers and
// bools come first, in field order, then its strings. Strings are UTF-8 both
// ways; a result string stays valid until the next call.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <new>
#include <string>
#include <type_traits>
#include <utility>

#include "bind_wire.hpp"

namespace rps::bind {

constexpr std::size_t kArgSlots = 16;  // ARG_SLOTS in js-bindings/bind.js
constexpr std::size_t kMaxFields = 8;  // of a struct result

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

// Reads the string arguments of one call (one per 's' in `letters`, in order) from `byte_count`
// bytes into strings[i], i being the argument's slot. What JS wrote is not trusted
// (bind_wire.hpp): a string never reads past the bytes.
inline void read_strings(const char* letters, const double* slots, const char* bytes, std::size_t byte_count,
                         std::string* strings) {
    std::size_t offset = 0;
    for (std::size_t i = 0; letters[i]; ++i) {
        if (letters[i] == 's') {
            const std::size_t length = length_from_slot(slots[i], byte_count - offset);
            strings[i].assign(bytes + offset, length);
            offset += length;
        }
    }
}

// The arguments of one call: numbers and bools from their slots (converted without undefined
// behaviour), strings as read_strings left them.
struct Args {
    const double* slots;
    const std::string* strings;

    template <typename T>
    decltype(auto) get(std::size_t i) const {
        using U = std::decay_t<T>;
        if constexpr (std::is_same_v<U, std::string>) {
            return strings[i];
        } else if constexpr (std::is_same_v<U, bool>) {
            return slots[i] != 0;
        } else {
            static_assert(std::is_arithmetic_v<U>, "a bound argument is a number, a bool or a std::string");
            return number_from_slot<U>(slots[i]);
        }
    }
};

// Collects one call's result; strings are kept until the next call.
class ResultWriter {
public:
    void reset();
    // Where the next result string is to be constructed: a bound function's string is
    // constructed there directly, neither moved nor copied.
    void* next_text() { return &texts_[text_count_++].text; }
    template <typename T>
    void put(T value) {
        slots_[number_count_++] = static_cast<double>(value);
    }
    // Strings go last, as (address, length): after all the numbers.
    const double* finish();

private:
    // Raw room for a string, which exists from next_text() until reset().
    union Text {
        Text() {}
        ~Text() {}
        std::string text;
    };
    std::size_t number_count_ = 0;
    std::size_t text_count_ = 0;
    double slots_[2 * kMaxFields];
    Text texts_[kMaxFields];
};

// A struct result's field: its name, its kind and how it goes to the result (moved out).
struct Field {
    const char* name;
    Kind kind;
    void (*put)(void* object, ResultWriter& out);
};
using Fields = std::initializer_list<Field>;

template <typename>
struct MemberOf;
template <typename C, typename M>
struct MemberOf<M C::*> {
    using Class = C;
    using Type = M;
};

template <auto Member>
void put_field(void* object, ResultWriter& out) {
    using Of = MemberOf<decltype(Member)>;
    auto& member = static_cast<typename Of::Class*>(object)->*Member;
    if constexpr (kind_of<typename Of::Type>() == Kind::string) {
        new (out.next_text()) std::string(std::move(member));
    } else {
        out.put(member);
    }
}

// field<&T::member>("jsName"): one element of fields_of<T>.
template <auto Member>
constexpr Field field(const char* name) {
    using Type = typename MemberOf<decltype(Member)>::Type;
    static_assert(kind_of<Type>() != Kind::none, "a bound field is a number, a bool or a std::string");
    return {name, kind_of<Type>(), &put_field<Member>};
}

// The fields of a struct T returned by value, in order: a bindings file specializes it
//   template <> constexpr rps::bind::Fields rps::bind::fields_of<T> = {field<&T::a>("a"), ...};
template <typename T>
constexpr Fields fields_of{};

void put_struct(void* object, Fields fields, ResultWriter& out);

template <typename R>
constexpr bool is_struct = !std::is_void_v<R> && kind_of<R>() == Kind::none;

// The signature text JS reads (js-bindings/bind.js): the result's letter, or '{' and the
// fields as name:letter separated by commas and '}' for a struct, then one letter per
// argument. Writes it to `out` unless null; returns its length.
template <typename R, typename... A>
constexpr std::size_t write_signature(char* out) {
    static_assert(((kind_of<A>() != Kind::none) && ...), "a bound argument is a number, a bool or a std::string");
    std::size_t n = 0;
    auto put = [&](char c) {
        if (out) out[n] = c;
        ++n;
    };
    if constexpr (is_struct<R>) {
        put('{');
        for (const Field& f : fields_of<R>) {
            if (n > 1) put(',');
            for (const char* c = f.name; *c; ++c) put(*c);
            put(':');
            put(static_cast<char>(f.kind));
        }
        put('}');
    } else {
        put(std::is_void_v<R> ? 'v' : static_cast<char>(kind_of<R>()));
    }
    (put(static_cast<char>(kind_of<A>())), ...);
    return n;
}

// One signature's text, a constant shared by the functions that have it.
template <typename R, typename... A>
struct SignatureText {
    static constexpr std::size_t size = write_signature<R, A...>(nullptr);
    static constexpr std::array<char, size + 1> make() {
        std::array<char, size + 1> text{};
        write_signature<R, A...>(text.data());
        return text;
    }
    static constexpr std::array<char, size + 1> value = make();
};

// The argument letters of a signature: what follows its result's part.
inline const char* arg_letters(const char* signature) {
    if (*signature != '{') return signature + 1;
    while (*signature++ != '}') {
    }
    return signature;
}

template <auto Fn, typename R, typename... A, std::size_t... I>
void call_with(const Args& in, ResultWriter& out, std::index_sequence<I...>) {
    if constexpr (std::is_void_v<R>) {
        Fn(in.get<A>(I)...);
    } else if constexpr (is_struct<R>) {
        R value = Fn(in.get<A>(I)...);
        put_struct(&value, fields_of<R>, out);
    } else if constexpr (kind_of<R>() == Kind::string) {
        new (out.next_text()) std::string(Fn(in.get<A>(I)...));
    } else {
        out.put(Fn(in.get<A>(I)...));
    }
}

// One per bound function: reads its arguments, calls it and puts its result.
template <auto Fn, typename R, typename... A>
void thunk(const Args& in, ResultWriter& out) {
    call_with<Fn, R, A...>(in, out, std::index_sequence_for<A...>{});
}

// What JS needs to call one function: its name and signature (write_signature).
struct Entry {
    const char* name;
    const char* signature;
    void (*call)(const Args& in, ResultWriter& out);
};

template <auto Fn, typename R, typename... A>
constexpr Entry entry(const char* name, R (*)(A...)) {
    static_assert(sizeof...(A) <= kArgSlots, "more arguments than the wire has slots");
    if constexpr (is_struct<R>) {
        static_assert(fields_of<R>.size() > 0, "a struct result needs its rps::bind::fields_of");
        static_assert(fields_of<R>.size() <= kMaxFields, "more fields than the result has slots");
    }
    return {name, SignatureText<R, A...>::value.data(), &thunk<Fn, R, A...>};
}

// function<&fn>("jsName"): one element of a bindings file's table (RPS_BINDINGS).
template <auto Fn>
constexpr Entry function(const char* name) {
    return entry<Fn>(name, Fn);
}

// One bindings file's calls.
using Table = std::initializer_list<Entry>;

// Every bindings file's table, in the order JS binds them (wasm/bindings.cpp).
extern const std::initializer_list<const Table*> all_tables;

// Entry i counting through `tables` in order, null past their end (JS passes the index).
inline const Entry* entry_at(std::initializer_list<const Table*> tables, std::size_t i) {
    for (const Table* table : tables) {
        if (i < table->size()) return table->begin() + i;
        i -= table->size();
    }
    return nullptr;
}

}  // namespace rps::bind

// The table of one bindings file, rps_bindings_<tag>, as a braced list of function<&fn>("name")
// entries: RPS_BINDINGS(tag) { ... };. Defined in the global namespace, so that a name in the
// list finds the file's own function (in its unnamed namespace) and not one of rps::.
#define RPS_BINDINGS(tag)                                  \
    using rps::bind::function;                             \
    extern const rps::bind::Table rps_bindings_##tag;      \
    constexpr rps::bind::Table rps_bindings_##tag =
