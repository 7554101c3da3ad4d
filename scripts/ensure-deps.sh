#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh Debian machine: Debian packages
# through apt-get (only when run as root; otherwise it says what to install) and npm
# packages through `npm ci`. Quiet when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v emcc >/dev/null 2>&1 || missing+=(emscripten)
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v clang++ >/dev/null 2>&1 || missing+=(clang)
[ -f /usr/include/catch2/catch.hpp ] || missing+=(catch2)
[ -f /usr/include/nlohmann/json.hpp ] || missing+=(nlohmann-json3-dev)  # the native tests' JSON oracle
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)  # the native tests' reference for deflate, gzip and zlib
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v xz >/dev/null 2>&1 || missing+=(xz-utils)  # packs the engine for the loader (LZMA)
# A CJK font, so that the zh-CN dialog renders (and its screenshot in docs/ shows text).
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
# libFuzzer and the sanitizers' runtimes for clang (npm run fuzz).
[ -n "$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null)" ] || missing+=(libclang-rt-dev)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "ensure-deps: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "ensure-deps: missing Debian packages: ${missing[*]}" >&2
    echo "ensure-deps: run as root, or install them first: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "ensure-deps: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
