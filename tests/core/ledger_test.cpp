#include <catch2/catch.hpp>

#include "core/ledger.hpp"

TEST_CASE("the ledger is a bounded ring that counts what it dropped") {
    rps::Ledger ledger(3);
    for (int i = 1; i <= 5; ++i) ledger.add("camera", "deny", "call", "vertc", "r", i);
    CHECK(ledger.entries().size() == 3);
    CHECK(ledger.total() == 5);
    CHECK(ledger.dropped() == 2);
    CHECK(ledger.entries().front().seq == 3);
    CHECK(ledger.at(1).seq == 4);
    CHECK(ledger.newest().seq == 5);
    CHECK(ledger.to_json().rfind(R"({"capacity":3,"total":5,"dropped":2,"entries":[{"seq":3,"time":3,)", 0) == 0);
    ledger.set_capacity(1);
    CHECK(ledger.entries().size() == 1);
    CHECK(ledger.entries().front().seq == 5);
}

TEST_CASE("ledger text is escaped and clipped at a character boundary") {
    rps::Ledger ledger(4);
    ledger.add("camera", "deny", "a\"b", "", std::string("line\nbreak\x01"), 1);
    CHECK(ledger.to_json().find(R"("purpose":"a\"b","sdk":"","reason":"line\nbreak\u0001")") != std::string::npos);
    std::string long_reason(rps::Ledger::kMaxReasonBytes - 1, 'x');
    long_reason += "通";  // 3 bytes straddling the limit
    ledger.add("camera", "deny", "", "", long_reason, 2);
    CHECK(ledger.entries().back().reason == std::string(rps::Ledger::kMaxReasonBytes - 1, 'x'));
}

TEST_CASE("odd clock values still give valid JSON") {
    rps::Ledger ledger(2);
    ledger.add("camera", "deny", "", "", "", 0.0 / 0.0);
    ledger.add("camera", "deny", "", "", "", -5);
    const std::string json = ledger.to_json();
    CHECK(json.find("\"time\":0,") != std::string::npos);
    CHECK(json.find("\"time\":-5,") != std::string::npos);
}

TEST_CASE("invalid UTF-8 in ledger text becomes U+FFFD, so the export stays valid JSON") {
    rps::Ledger ledger(4);
    ledger.add("manifest", "deny", "", "", std::string("last read: '\xC3'; then \xE9t\xC3\xA9 and \xF0\x9F\x98\x80 \xED\xA0\x80"), 1);
    const std::string json = ledger.to_json();
    CHECK(json.find("last read: '\xEF\xBF\xBD'; then \xEF\xBF\xBDt\xC3\xA9 and \xF0\x9F\x98\x80 \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD") != std::string::npos);
}

namespace {
rps::Ledger* observed_ledger = nullptr;
int observer_calls = 0;
// An observer that writes to the ledger it watches (a logging panel could).
void add_from_observer() {
    ++observer_calls;
    if (observer_calls < 4) observed_ledger->add("panel", "note", "", "", "seen", 0);
}
}  // namespace

TEST_CASE("an observer that adds to the ledger is not told of its own entry") {
    rps::Ledger ledger;
    observed_ledger = &ledger;
    observer_calls = 0;
    ledger.set_observer(&add_from_observer);
    ledger.add("camera", "deny", "call", "vertc", "r", 1);
    CHECK(observer_calls == 1);
    CHECK(ledger.size() == 2);
    ledger.add("camera", "deny", "call", "vertc", "r", 2);
    CHECK(observer_calls == 2);
    CHECK(ledger.size() == 4);
    ledger.set_observer(nullptr);
    observed_ledger = nullptr;
}
