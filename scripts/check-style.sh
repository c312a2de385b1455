#!/usr/bin/env bash
# Style and lint checks on the C++ files that changed: clang-format (.clang-format) must
# have nothing to change, and clang-tidy (.clang-tidy) must report nothing.
#
# What "changed" means, first match wins:
#   1. CHAT_STYLE_BASE=<ref>: the files changed between that ref's merge base and HEAD.
#   2. A branch: the files changed since it left main (origin/main, else the local main).
#   3. On main itself (CI lints a fresh clone of main): the files changed by the last
#      commit when HEAD is a merge, else by the last CHAT_STYLE_COMMITS commits (10), or
#      as many as a shorter or shallow history has.
# CHAT_STYLE_ALL=1 checks every tracked C++ file instead.
#
# clang-tidy reads the compile commands of a configured build: CHAT_COMPILE_DB=<dir>, else
# the first of build/tsan, build/asan, build/debug that has a compile_commands.json.
# A changed header is linted through a source file that includes it (its own .cpp first),
# and only findings in the changed files themselves count.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${JOBS:-$(nproc)}
commits=${CHAT_STYLE_COMMITS:-10}

# The revision to compare HEAD with; prints nothing when every file counts as changed.
base_revision() {
  if [ -n "${CHAT_STYLE_BASE:-}" ]; then
    git merge-base "$CHAT_STYLE_BASE" HEAD
    return
  fi
  local ref merge_base
  for ref in origin/main main; do
    if git rev-parse -q --verify "$ref^{commit}" >/dev/null; then
      merge_base=$(git merge-base "$ref" HEAD)
      if [ "$merge_base" != "$(git rev-parse HEAD)" ]; then
        echo "$merge_base"
        return
      fi
      break
    fi
  done
  if git rev-parse -q --verify 'HEAD^2' >/dev/null; then
    git rev-parse 'HEAD^1'
  elif git rev-parse -q --verify "HEAD~$commits" >/dev/null; then
    git rev-parse "HEAD~$commits"
  else
    # A shorter (or shallow) history: its oldest commit, unless HEAD is all there is, and
    # then every file counts.
    local oldest
    oldest=$(git rev-list --first-parent HEAD | tail -n 1)
    [ "$oldest" != "$(git rev-parse HEAD)" ] && echo "$oldest"
  fi
  return 0
}

if [ "${CHAT_STYLE_ALL:-0}" = 1 ]; then
  base=""
else
  base=$(base_revision)
fi
if [ -n "$base" ]; then
  echo "check-style: C++ files changed since $(git log -1 --format='%h %s' "$base" | cut -c1-72)"
  mapfile -t files < <(git diff --name-only --diff-filter=d "$base" HEAD -- '*.cpp' '*.hpp')
else
  echo "check-style: every tracked C++ file"
  mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
fi
if [ ${#files[@]} -eq 0 ]; then
  echo "check-style: no C++ file changed"
  exit 0
fi
printf '  %s\n' "${files[@]}"

status=0

echo "check-style: clang-format"
if ! clang-format --dry-run -Werror "${files[@]}"; then
  echo "check-style: clang-format wants changes (make format applies them)" >&2
  status=1
fi

db_dir=${CHAT_COMPILE_DB:-}
if [ -z "$db_dir" ]; then
  for dir in build/tsan build/asan build/debug; do
    if [ -f "$dir/compile_commands.json" ]; then
      db_dir=$dir
      break
    fi
  done
fi
if [ -z "$db_dir" ] || [ ! -f "$db_dir/compile_commands.json" ]; then
  echo "check-style: no compile_commands.json (configure a build first, e.g. cmake --preset tsan)" >&2
  exit 1
fi

# The sources the build compiles, as paths relative to the repository (CMake writes each
# entry's "file" on a line of its own, as an absolute path).
mapfile -t compiled < <(sed -n "s|^ *\"file\": \"$PWD/\(.*\)\",\{0,1\}\$|\1|p" \
  "$db_dir/compile_commands.json")
is_compiled() {
  local wanted=$1 file
  for file in "${compiled[@]}"; do [ "$file" = "$wanted" ] && return 0; done
  return 1
}

units=()
headers=()
for file in "${files[@]}"; do
  case "$file" in
    *.cpp)
      if is_compiled "$file"; then
        units+=("$file")
      else
        echo "check-style: $file is not in the build; clang-tidy skips it"
      fi
      ;;
    *.hpp)
      headers+=("$file")
      stem=${file%.hpp}
      unit=""
      for candidate in "$stem.cpp" "${stem}_test.cpp"; do
        if is_compiled "$candidate"; then
          unit=$candidate
          break
        fi
      done
      if [ -z "$unit" ]; then
        name=$(basename "$file")
        for candidate in "${compiled[@]}"; do
          if grep -q "#include \".*$name\"" "$candidate"; then
            unit=$candidate
            break
          fi
        done
      fi
      if [ -n "$unit" ]; then
        units+=("$unit")
      else
        echo "check-style: no compiled file includes $file; clang-tidy skips it"
      fi
      ;;
  esac
done
mapfile -t units < <(printf '%s\n' "${units[@]}" | sort -u | grep -v '^$' || true)

if [ ${#units[@]} -gt 0 ]; then
  # Findings in headers count only for the changed headers.
  header_filter='^$'
  if [ ${#headers[@]} -gt 0 ]; then
    header_filter="($(printf '%s\n' "${headers[@]}" | sed 's/[.+]/\\&/g' | paste -sd'|'))\$"
  fi
  echo "check-style: clang-tidy on ${#units[@]} file(s), $jobs at a time (compile commands of $db_dir)"
  if ! printf '%s\0' "${units[@]}" |
      xargs -0 -n 1 -P "$jobs" clang-tidy --quiet -p "$db_dir" --warnings-as-errors='*' \
        --header-filter="$header_filter" 2>&1 |
      { grep -v '^[0-9]* warnings\? generated\.$' || true; }; then
    echo "check-style: clang-tidy reported findings" >&2
    status=1
  fi
fi

if [ $status -eq 0 ]; then
  echo "check-style: passed"
fi
exit $status
