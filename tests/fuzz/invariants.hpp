// Named invariant checks shared by the fuzz targets: a broken one aborts with
// "INVARIANT <name>: <what>" (libFuzzer keeps the input). RPS_FUZZ_SKIP=a,b switches
// named checks off, for known open findings.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace rps::fuzz {

inline std::string& skipped_checks() {
    static std::string skip;  // ",name,name,"
    return skip;
}

inline void skip_checks(const char* names) { skipped_checks() = "," + std::string(names ? names : "") + ","; }

inline bool enabled(const char* check) {
    return skipped_checks().find("," + std::string(check) + ",") == std::string::npos;
}

[[noreturn]] inline void violated(const char* check, const std::string& what) {
    std::fprintf(stderr, "INVARIANT %s: %s\n", check, what.c_str());
    std::fflush(stderr);
    std::abort();
}

}  // namespace rps::fuzz

#define EXPECT(check, cond, what)                                                   \
    do {                                                                            \
        if (rps::fuzz::enabled(check) && !(cond)) rps::fuzz::violated(check, (what)); \
    } while (0)
