// The policy manifest: what each SDK may touch, for which purpose. Parsing is strict
// (unknown keys are errors) because a typo in a privacy policy must not silently widen it.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/endpoint_pattern.hpp"
#include "core/redact/byte_body.hpp"
#include "core/redact/redactor.hpp"
#include "core/surface.hpp"

namespace rps {

// Locale → text, in document order.
using LocalizedText = std::vector<std::pair<std::string, std::string>>;

struct Purpose {
    std::string id;
    LocalizedText label;
    LocalizedText description;
    // purposes[].necessity: "required" (the service needs it) or "optional" (the default: a
    // purpose is optional unless the manifest says otherwise). Under minorAge only required
    // purposes can be granted (core/minors.hpp).
    bool required = false;
};

struct Permission {
    Surface surface = Surface::camera;
    std::string purpose;
    bool scoped = false;  // usable only inside shim.scope(purpose, …)
    bool precise = false;  // location only ("precision": "precise"): else a position to about 1 km
};

struct Collect {
    std::string item;
    std::string necessity;  // required | optional
    std::string purpose;
    std::string treatment;  // keep | generalize | hash | remove
};

struct Endpoint {
    std::string match;
    std::string purpose;
    std::string format;        // json | ndjson | form | query | text
    std::string on_malformed;  // scan | drop
    std::string binary;        // pass | drop: bytes that are neither text nor compressed text
    std::vector<std::string> rules;
    std::vector<std::string> allowed_keys;
    bool has_allowed_keys = false;
    // "redact": false makes a gate-only endpoint: an SDK's call or messaging traffic (access
    // lookups, signalling sockets of binary protobuf) that must not leave before consent but,
    // with consent, is the service itself and must arrive as the SDK wrote it. Its URL, body
    // and frames are never read, redacted or re-encoded. A boolean of its own rather than a
    // body "format": it says the one thing that differs (no redaction), and the keys that
    // configure a redaction (format, rules, allowedKeys, onMalformed, binary) are then errors.
    bool redact = true;

    // Compiled from the above (and the SDK's `collects`) when the manifest is read.
    EndpointPattern pattern;
    redact::Format body_format = redact::Format::json;
    redact::BinaryBodies binary_bodies = redact::BinaryBodies::drop;
    redact::Policy policy;
};

struct StorageKey {
    std::string key;
    std::string purpose;
};

// An SDK's own switch (sdks[].switches): a method of the SDK's global the shim calls when the
// global appears and at each consent change, while `purpose` is not granted (when
// "notGranted", the default) or while it is ("granted"). A second layer under the shim's own
// gates, never the only one.
struct SdkSwitch {
    std::string global;     // a JavaScript name: AgoraRTC
    std::string call;       // a method of it: disableLogUpload
    std::string args_json;  // the arguments as a JSON array of strings, whole numbers, booleans, null
    std::string purpose;
    bool when_granted = false;  // "when": "granted"; else it applies while the purpose is not granted
};

// A script the SDK puts into the page at run time (ZEGO's <script id="dy">, text from a
// cloud setting): it runs only once `purpose` is granted (core/script_gate.hpp).
struct InjectedScript {
    std::string selector;  // a CSS compound selector for a script element: script#dy
    std::string purpose;
};

struct Sdk {
    std::string id;
    std::string name;
    std::string provider;
    std::string policy_url;
    std::vector<Collect> collects;
    std::vector<Permission> permissions;
    std::vector<Endpoint> endpoints;
    std::vector<StorageKey> storage;
    std::vector<SdkSwitch> switches;
    std::vector<InjectedScript> injected_scripts;
};

// WebRTC local-address privacy (defaults.webrtc): what ICE candidates, SDP and stats may show.
struct WebRtcDefaults {
    bool hide_local_addresses = true;  // local host addresses renamed (mDNS-style) or dropped
    bool relay_only = false;           // iceTransportPolicy forced to "relay"
};

struct Defaults {
    bool cookie_free = true;
    std::string unknown_endpoints = "pass";  // pass | scan | drop
    int minor_age = 14;
    bool ask_age = false;  // the consent dialog asks the age bracket; grants wait for an answer
    int ledger_size = 500;
    WebRtcDefaults webrtc;
};

// bridges: consent told to other systems, and signals from the browser.
struct Bridges {
    // Google Consent Mode v2: consent type (analytics_storage, ad_storage, …) → the purposes
    // that must all be granted for it to read "granted" (none listed: always "denied").
    std::vector<std::pair<std::string, std::vector<std::string>>> google_consent_mode;
    // Global Privacy Control on: these purposes are denied until the user chooses.
    std::vector<std::string> gpc_deny;
};

struct Manifest {
    std::string revision;
    std::string controller_name;
    std::string controller_policy_url;
    std::vector<Purpose> purposes;
    std::vector<Sdk> sdks;
    Defaults defaults;
    Bridges bridges;

    const Purpose* find_purpose(std::string_view id) const;
};

struct ManifestError {
    std::string path;    // "$" for the document, else like sdks[1].permissions[0].surface
    std::string reason;

    std::string message() const { return path + ": " + reason; }
};

inline constexpr std::size_t kMaxManifestBytes = 1024 * 1024;
inline constexpr int kMaxManifestDepth = 32;

struct ManifestParse {
    Manifest manifest;                  // meaningful only when errors is empty
    std::vector<ManifestError> errors;  // every problem found, in document order
};

ManifestParse parse_manifest(std::string_view text);

// Purpose and SDK ids: 1 to 64 characters from A-Z a-z 0-9 _ - . (they appear in the UI,
// the ledger and error paths).
bool is_identifier(std::string_view text);

}  // namespace rps
