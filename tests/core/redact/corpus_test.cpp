// The labeled corpus (tests/corpus/pii.jsonl, scripts/gen-corpus.mjs) through the redactor
// with the default policy: no look-alike is altered (precision 1.0, as `node scripts/bench.mjs`
// counts it), and every RTC / IM access token, JWT, phone number and email address is gone (their recall is 1.0).
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "core/json_in.hpp"
#include "core/redact/redactor.hpp"
#include "helpers.hpp"

using namespace rps::redact;
using namespace rps::redact::testing;

namespace {

std::size_t occurrences(std::string_view hay, std::string_view needle) {
    std::size_t n = 0;
    for (std::size_t at = hay.find(needle); at != std::string_view::npos; at = hay.find(needle, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("corpus: no look-alike altered, every access token, JWT, phone number, email address and coordinate removed") {
    std::ifstream in(std::string(RPS_SOURCE_DIR) + "/tests/corpus/pii.jsonl");
    REQUIRE(in.good());
    Redactor redactor(test_key());
    const Policy policy;
    std::map<std::string, std::pair<int, int>> recall;  // type -> (removed, labeled)
    int lines = 0, altered = 0;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        ++lines;
        const rps::JsonRead rec = rps::read_json(line, 16);
        REQUIRE(rec.ok());
        Format format{};
        REQUIRE(format_from_name(rec.value.find("format")->str(), format));
        const std::string& payload = rec.value.find("payload")->str();
        const std::string body = redactor.redact(payload, format, policy).body;
        for (const rps::Json& p : rec.value.find("pii")->items()) {
            auto& [removed, labeled] = recall[p.find("type")->str()];
            ++labeled;
            const std::string& value = p.find("value")->str();
            if (body.find(value) == std::string::npos) ++removed;
            // An address is gone whole, not only from its '@' on: its local part too.
            if (p.find("type")->str() == "email") {
                const std::size_t at = std::min(value.find('@'), value.find("%40"));
                const std::string local = value.substr(0, at);
                INFO("local part of " << value << " left in " << body);
                CHECK((local.size() < 6 || occurrences(body, local) < occurrences(payload, local)));
            }
        }
        for (const rps::Json& k : rec.value.find("keep")->items()) {
            if (occurrences(body, k.str()) < occurrences(payload, k.str())) {
                INFO("altered look-alike " << k.str() << " in " << payload);
                CHECK(false);
                ++altered;
            }
        }
    }
    CHECK(lines > 3000);
    CHECK(altered == 0);
    for (const char* type : {"rtc_token", "jwt", "phone", "email", "latlng"}) {
        INFO(type);
        CHECK(recall[type].second > 100);
        CHECK(recall[type].first == recall[type].second);
    }
}
