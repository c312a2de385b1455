#!/usr/bin/env bash
# Runs the libFuzzer targets of build/fuzz (cmake --preset fuzz && cmake --build --preset fuzz)
# for SECONDS each, JOBS of them at a time: `make fuzz` and `make test-fuzz-smoke`.
#
# Usage: scripts/run-fuzzers.sh SECONDS [JOBS] [TARGET...]   (default: every fuzz/*.cpp)
#
# Each target fuzzes a working copy of its seed corpus, build/fuzz/corpus/<target> (seeded from
# fuzz/corpus/<target>, which stays as checked in), and logs to test-artifacts/fuzz/<target>/.
# A crash, leak, timeout or sanitizer report fails the run; libFuzzer keeps the input in
# test-artifacts/fuzz/<target>/ and the path is printed, with the command that replays it.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:?usage: scripts/run-fuzzers.sh SECONDS [JOBS] [TARGET...]}
jobs=${2:-1}
shift $(($# < 2 ? $# : 2))
if [ $# -eq 0 ]; then
  mapfile -t targets < <(find fuzz -maxdepth 1 -name '*.cpp' -printf '%f\n' | sed 's/\.cpp$//' | sort)
else
  targets=("$@")
fi

run_one() {
  local target=$1 seconds=$2
  local binary=build/fuzz/fuzzers/${target}_fuzzer
  local work=build/fuzz/corpus/$target
  local artifacts=test-artifacts/fuzz/$target
  if [ ! -x "$binary" ]; then
    echo "FAIL $target: $binary is missing (cmake --preset fuzz && cmake --build --preset fuzz)"
    return 1
  fi
  mkdir -p "$work" "$artifacts"
  cp -rn "fuzz/corpus/$target/." "$work/" 2>/dev/null || true
  local stamp=$artifacts/.started
  touch "$stamp"
  local status=0
  UBSAN_OPTIONS=print_stacktrace=1 "$binary" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" "$work" \
    >"$artifacts/fuzz.log" 2>&1 || status=$?
  if [ "$status" -eq 0 ]; then
    local done_line executions
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$artifacts/fuzz.log" | tail -n 1 || true)
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$artifacts/fuzz.log")
    echo "ok   $target: ${executions:-?} executions; ${done_line#* DONE }"
    return 0
  fi
  {
    echo "FAIL $target (exit $status); the end of $artifacts/fuzz.log:"
    tail -n 40 "$artifacts/fuzz.log"
    local input
    while IFS= read -r input; do
      echo "FAIL $target: crashing input kept in $input"
      echo "     replay: $binary $input"
    done < <(find "$artifacts" -maxdepth 1 -type f -newer "$stamp" ! -name fuzz.log)
  }
  return 1
}
export -f run_one

printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one "$1" "$2"' _ {} "$seconds"
