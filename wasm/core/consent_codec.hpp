// The stored form of consent ({"v":1,"revision":…,"purposes":{…},"receipts":[…]}), kept by
// the JS layer in localStorage. Decoding is strict: a damaged record is refused whole.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/consent.hpp"

namespace rps {

std::string encode_consent(const ConsentBook& book);

struct DecodedConsent {
    std::string error;  // empty when decoded
    std::string revision;
    std::vector<std::pair<std::string, ConsentState>> states;
    std::vector<Receipt> receipts;
    AgeAnswer age;
};

DecodedConsent decode_consent(std::string_view stored);

}  // namespace rps
