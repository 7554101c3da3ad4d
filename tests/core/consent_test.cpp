#include <catch2/catch.hpp>

#include "core/consent.hpp"

using rps::ConsentBook;
using rps::ConsentState;

TEST_CASE("a receipt is written only when consent actually changes") {
    ConsentBook book;
    book.reset({"call", "share"}, "r1");
    CHECK(book.last_receipt_json() == "null");
    CHECK(book.apply({"call"}, ConsentState::granted, "dialog", "en", 5));
    CHECK_FALSE(book.apply({"call"}, ConsentState::granted, "dialog", "en", 6));
    CHECK(book.receipts().size() == 1);
    CHECK(book.apply({"call", "share"}, ConsentState::granted, "api", "zh-CN", 7));
    // Only what changed is in the receipt.
    CHECK(book.last_receipt_json() == R"({"id":2,"revision":"r1","time":7,"method":"api","locale":"zh-CN","dialogVersion":"","changed":["share"],"purposes":{"call":"granted","share":"granted"}})");
}

TEST_CASE("receipts are bounded, oldest dropped first") {
    ConsentBook book;
    book.reset({"call"}, "r1");
    for (int i = 0; i < 100; ++i) book.apply({"call"}, i % 2 ? ConsentState::denied : ConsentState::granted, "api", "en", i);
    CHECK(book.receipts().size() == ConsentBook::kMaxReceipts);
    CHECK(book.receipts().front().id == 100 - ConsentBook::kMaxReceipts + 1);
    CHECK(book.receipts().back().id == 100);
}

TEST_CASE("consent states parse from their names only") {
    CHECK(rps::parse_consent_state("granted") == ConsentState::granted);
    CHECK(rps::parse_consent_state("denied") == ConsentState::denied);
    CHECK(rps::parse_consent_state("unset") == ConsentState::unset);
    CHECK_FALSE(rps::parse_consent_state("Granted").has_value());
    CHECK(rps::is_consent_method("gpc"));
    CHECK_FALSE(rps::is_consent_method("cookie"));
}
