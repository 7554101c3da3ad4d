// libFuzzer target: DEFLATE both ways and the gzip / zlib containers (core/compress/), which
// open what a page sends to a telemetry endpoint. Built and run by scripts/fuzz.sh.
//
// Input layout: byte 0 picks the case, the rest is the data.
//   even  the data is a body: sniffed and opened (output capped at 1 MB), as byte_body does
//   odd   the data is plain bytes: compressed and opened again
//
// Invariants (a broken one aborts with "INVARIANT <name>: <what>"; RPS_FUZZ_SKIP=name,...
// turns checks off):
//   - no crash, no sanitizer report, the cap holds;
//   - error_named: a refused body says why, naming its container;
//   - reclose: what opened, closed again in the same container, opens to the same data;
//   - round_trip: any bytes, deflated and closed as gzip and as zlib, open to themselves;
//   - raw_round_trip: deflate_raw's output inflates to the input, consuming all of it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "core/compress/compressed.hpp"
#include "core/compress/deflate.hpp"
#include "core/compress/inflate.hpp"
#include "invariants.hpp"

namespace {

using rps::compress::Container;
constexpr std::size_t kCap = 1 << 20;

void body_case(std::string_view data) {
    const Container c = rps::compress::sniff_container(data);
    if (c == Container::none) return;
    const auto opened = rps::compress::open_container(data, c, kCap);
    const std::string name = rps::compress::container_name(c);
    if (!opened.ok) {
        EXPECT("error_named", opened.error.rfind(name, 0) == 0, "error \"" + opened.error + "\" does not name " + name);
        return;
    }
    EXPECT("cap", opened.data.size() <= kCap, "opened " + std::to_string(opened.data.size()) + " bytes past the cap");
    const auto again = rps::compress::open_container(rps::compress::close_container(opened.data, c), c, kCap);
    EXPECT("reclose", again.ok && again.data == opened.data, name + " closed again did not open to the same data: " + again.error);
}

void bytes_case(std::string_view data) {
    for (Container c : {Container::gzip, Container::zlib}) {
        const auto opened = rps::compress::open_container(rps::compress::close_container(data, c), c, data.size());
        EXPECT("round_trip", opened.ok && opened.data == data,
               std::string(rps::compress::container_name(c)) + " round trip failed: " + opened.error);
    }
    const std::string raw = rps::compress::deflate_raw(data);
    static auto work = std::make_unique<rps::compress::InflateWork>();
    std::string out(data.size(), '\0');
    const auto r = rps::compress::inflate_stream(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size(),
                                                 reinterpret_cast<std::uint8_t*>(out.data()), out.size(), *work);
    EXPECT("raw_round_trip", r.status == rps::compress::inflate_ok && r.written == data.size() && out == data &&
                                 r.consumed == raw.size(),
           "status " + std::to_string(r.status) + ", " + std::to_string(r.written) + " of " + std::to_string(data.size()) + " bytes");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    rps::fuzz::skip_checks(std::getenv("RPS_FUZZ_SKIP"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view data(reinterpret_cast<const char*>(bytes) + 1, size - 1);
    if (bytes[0] & 1) bytes_case(data);
    else body_case(data);
    return 0;
}
