#!/usr/bin/env bash
# Fails on an include that points up the layers, on another layer's detail/ header, and on a
# third-party I/O header outside its one adapter folder.
set -euo pipefail
cd "$(dirname "$0")/.."

# layer -> the layers it may include (besides itself)
declare -A allowed=(
  [core]=""
  [storage]="core"
  [io]="core"
  [knowledge]="core io"
  [app]="core storage io knowledge"
  [api]="core app io"
  [cli]="core app api storage io"
)
# third-party header -> the only folder that may include it
declare -A adapters=(
  ["sqlite3.h"]="src/storage/sqlite"
  ["libpq-fe.h"]="src/storage/postgres"
  ["httplib.h"]="src/api"
  ["sodium.h"]="src/app"
  ["cairo"]="src/io/document"
  ["pango"]="src/io/document"
  ["zip.h"]="src/io/document"
  ["pugixml"]="src/io/document"
  ["lz4"]="src/knowledge/detail"
)
forbidden_in_core=("nlohmann/" "sqlite3.h" "httplib.h" "libpq-fe.h" "sodium.h" "fstream" "iostream")

status=0
while IFS= read -r file; do
  layer=$(echo "$file" | cut -d/ -f2)
  while IFS= read -r line; do
    inc=$(echo "$line" | sed -E 's/^[0-9]+:#include [<"]([^>"]+)[>"].*/\1/')
    lineno=${line%%:*}
    top=${inc%%/*}
    if [[ -n "${allowed[$top]+x}" && "$inc" == */* ]]; then
      if [[ "$top" != "$layer" && " ${allowed[$layer]:-} " != *" $top "* ]]; then
        echo "$file:$lineno: layer '$layer' may not include '$inc' (allowed: ${allowed[$layer]:-none})"; status=1
      fi
      if [[ "$top" != "$layer" && "$inc" == */detail/* ]]; then
        echo "$file:$lineno: '$inc' is private to layer '$top'"; status=1
      fi
    fi
    for header in "${!adapters[@]}"; do
      if [[ "$inc" == "$header"* && "$file" != "${adapters[$header]}"/* ]]; then
        echo "$file:$lineno: '$inc' belongs in ${adapters[$header]} only"; status=1
      fi
    done
    if [[ "$layer" == core ]]; then
      for header in "${forbidden_in_core[@]}"; do
        if [[ "$inc" == "$header"* ]]; then echo "$file:$lineno: core may not include '$inc' (no I/O, JSON, SQL, HTTP)"; status=1; fi
      done
    fi
  done < <(grep -nE '^#include [<"]' "$file" || true)
done < <(find src -name '*.hpp' -o -name '*.cpp' | sort)

if [[ $status -eq 0 ]]; then echo "check_layers: ok ($(find src -name '*.[ch]pp' | wc -l) files)"; fi
exit $status
