#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/*_fuzz.cpp) natively with clang and runs each of
# them on its own, from a copy of the seed corpus, with its dictionary.
#
#   bash scripts/fuzz.sh                      # every target, -runs=100000
#   bash scripts/fuzz.sh -runs=1000000        # arguments go to libFuzzer
#   bash scripts/fuzz.sh redact -max_total_time=600
#                                             # bare words pick targets: manifest, redact, ice, compressed, lzma, media
#   RPS_FUZZ_SKIP=consent_round_trip bash scripts/fuzz.sh manifest
#                                             # turns named invariant checks off; unset, the
#                                             # checks of known open findings are off (see
#                                             # kKnownFindings in tests/fuzz/manifest_fuzz.cpp);
#                                             # RPS_FUZZ_SKIP= (empty) turns every check on
#   build/fuzz/bin/manifest_fuzz <file>       # replays one input (after a build)
#
# Everything it writes goes to build/fuzz/: objects, binaries, the working corpus (seeds
# from tests/fuzz/corpus/<target>/ plus what libFuzzer finds; never written back into
# tests/), crash inputs in build/fuzz/artifacts/<target>/ and the full log of each run in
# build/fuzz/<target>.log. Exits non-zero when a target crashes or does not build.
set -uo pipefail
cd "$(dirname "$0")/.."

# ---- toolchain ------------------------------------------------------------------------
cxx=${FUZZ_CXX:-}
if [ -z "$cxx" ]; then
  for c in clang++-14 clang++; do
    if command -v "$c" >/dev/null 2>&1; then cxx=$c; break; fi
  done
fi
if [ -z "$cxx" ]; then
  echo "fuzz: clang++ not found (apt-get install clang-14 libclang-rt-14-dev)" >&2
  exit 1
fi
rtdir=$("$cxx" -print-runtime-dir 2>/dev/null || true)
if [ ! -f "$rtdir/libclang_rt.fuzzer-x86_64.a" ] &&
   [ -z "$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null)" ]; then
  echo "fuzz: libFuzzer runtime not found for $cxx (apt-get install libclang-rt-14-dev)" >&2
  exit 1
fi

# ---- arguments ------------------------------------------------------------------------
all_targets=(manifest redact ice compressed lzma media)
targets=()
fuzz_args=()
for a in "$@"; do
  case "$a" in
    -*) fuzz_args+=("$a") ;;
    *)
      if [[ " ${all_targets[*]} " == *" $a "* ]]; then targets+=("$a")
      else echo "fuzz: unknown target '$a' (known: ${all_targets[*]})" >&2; exit 2; fi ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
has_limit=0
for a in "${fuzz_args[@]+"${fuzz_args[@]}"}"; do
  case "$a" in -runs=*|-max_total_time=*) has_limit=1 ;; esac
done
[ $has_limit = 1 ] || fuzz_args+=(-runs=100000)

# ---- build ----------------------------------------------------------------------------
out=build/fuzz
mkdir -p "$out/obj/core" "$out/obj/redact" "$out/bin"
common=(-std=c++17 -fno-exceptions -DJSON_NOEXCEPTION -I wasm -O1 -g -fno-omit-frame-pointer
        -fsanitize=address,undefined -fno-sanitize-recover=undefined)
cflags=("${common[@]}" -fsanitize=fuzzer-no-link)
ldflags=("${common[@]}" -fsanitize=fuzzer)
stamp="$cxx ${cflags[*]}"

# Recompiles a source when it, a header it includes, or the flags changed (one job at a time).
compile() {
  local src=$1 obj=$2 dep=${2%.o}.d flags=${2%.o}.flags
  local stale=0
  if [ ! -f "$obj" ] || [ ! -f "$dep" ] || [ "$(cat "$flags" 2>/dev/null)" != "$stamp" ]; then
    stale=1
  else
    for f in $(sed -e 's/\\$//' -e 's/^[^:]*://' "$dep"); do
      if [ ! -f "$f" ] || [ "$f" -nt "$obj" ]; then stale=1; break; fi
    done
  fi
  [ $stale = 1 ] || return 0
  echo "fuzz: compiling $src"
  if "$cxx" "${cflags[@]}" -MMD -MF "$dep" -c "$src" -o "$obj"; then
    echo "$stamp" >"$flags"
  else
    rm -f "$obj"
    return 1
  fi
}

core_ok=1
core_objs=()
for src in wasm/core/*.cpp; do
  obj="$out/obj/core/$(basename "${src%.cpp}").o"
  compile "$src" "$obj" || core_ok=0
  core_objs+=("$obj")
done
# The loader's LZMA decoder (the lzma target).
mkdir -p "$out/obj/loader"
for src in wasm/loader/lzma.cpp; do
  obj="$out/obj/loader/$(basename "${src%.cpp}").o"
  compile "$src" "$obj" || core_ok=0
  core_objs+=("$obj")
done
# The redactor and the DEFLATE code it opens compressed bodies with (wasm/core/compress/).
redact_ok=1
redact_objs=()
mkdir -p "$out/obj/compress"
for src in wasm/core/compress/*.cpp; do
  obj="$out/obj/compress/$(basename "${src%.cpp}").o"
  compile "$src" "$obj" || redact_ok=0
  redact_objs+=("$obj")
done
for src in wasm/core/redact/*.cpp; do
  [ -e "$src" ] || continue
  obj="$out/obj/redact/$(basename "${src%.cpp}").o"
  compile "$src" "$obj" || redact_ok=0
  redact_objs+=("$obj")
done
[ ${#redact_objs[@]} -gt 0 ] || redact_ok=0

# Links one target against the whole core (the engine uses the redactor, so both parts go in).
build_target() {
  local t=$1 bin="$out/bin/${1}_fuzz" src="tests/fuzz/${1}_fuzz.cpp" obj="$out/obj/${1}_fuzz.o"
  [ $core_ok = 1 ] && [ $redact_ok = 1 ] || return 1
  local -a objs=("${core_objs[@]}" "${redact_objs[@]}")
  compile "$src" "$obj" || return 1
  local newest=0
  for o in "$obj" "${objs[@]}"; do [ "$o" -nt "$bin" ] && newest=1; done
  if [ ! -x "$bin" ] || [ $newest = 1 ]; then
    echo "fuzz: linking $bin"
    "$cxx" "${ldflags[@]}" "$obj" "${objs[@]}" -o "$bin" || return 1
  fi
}

# ---- run ------------------------------------------------------------------------------
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
summary=()
for t in "${targets[@]}"; do
  if ! build_target "$t"; then
    summary+=("$(printf '%-9s runs=-        exec/s=-      time=-     result=BUILD FAILED' "$t")")
    status=1
    continue
  fi
  corpus="$out/corpus/$t"
  artifacts="$out/artifacts/$t"
  log="$out/$t.log"
  mkdir -p "$corpus" "$artifacts"
  cp -p tests/fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null || true
  echo "fuzz: running ${t}_fuzz ${fuzz_args[*]} (log: $log)"
  start=$(date +%s)
  "$out/bin/${t}_fuzz" \
    -dict="tests/fuzz/$t.dict" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 \
    "${fuzz_args[@]}" "$corpus" >"$log" 2>&1 &
  pid=$!
  # Progress: libFuzzer's pulse / done lines only; the whole output is in the log.
  tail -n +1 -f --pid=$pid "$log" 2>/dev/null | grep --line-buffered -E '^#[0-9]+[[:space:]]+(INITED|pulse|DONE)' || true
  wait $pid
  rc=$?
  elapsed=$(( $(date +%s) - start ))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  if [ $rc = 0 ]; then
    result=ok
  else
    status=1
    crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    result="CRASH (exit $rc) ${crash:-see $log}"
    echo "---- ${t}_fuzz: failure (from $log) ----"
    grep -E -A 40 '^(==[0-9]+==ERROR|INVARIANT |.*runtime error:|==[0-9]+== ERROR: libFuzzer)' "$log" | head -80 ||
      tail -20 "$log"
    echo "---- reproduce: $out/bin/${t}_fuzz ${crash:-<input>} ----"
  fi
  summary+=("$(printf '%-9s runs=%-9s exec/s=%-7s time=%-5s result=%s' "$t" "${runs:-?}" "${eps:-?}" "${elapsed}s" "$result")")
done

echo "fuzz: summary"
for line in "${summary[@]}"; do echo "  $line"; done
exit $status
