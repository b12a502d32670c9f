#!/usr/bin/env bash
# Formats the C++ sources with clang-format (or, with --check, fails when one is not formatted).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find src programs tests/unit -name '*.hpp' -o -name '*.cpp' | sort)
if [[ "${1:-}" == "--check" ]]; then
  clang-format --dry-run --Werror "${files[@]}"
  echo "format: ok (${#files[@]} files)"
else
  clang-format -i "${files[@]}"
fi
