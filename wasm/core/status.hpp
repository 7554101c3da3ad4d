// Errors cross the core and the JS boundary as values, never as exceptions.
#pragma once

#include <string>
#include <utility>

namespace rps {

struct Status {
    std::string error;  // empty when the operation succeeded

    bool ok() const { return error.empty(); }
    static Status success() { return {}; }
    static Status failure(std::string message) { return Status{std::move(message)}; }
};

}  // namespace rps
