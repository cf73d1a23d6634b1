#!/usr/bin/env bash
# Compares two shard directories row by row, by video id, with DuckDB alone (no project code):
# every column must be equal, the provenance's pipeline version excepted. For a change that must
# not change the data (a refactoring): build the shards before and after, then
#   bash scripts/compare-shards.sh out/before/shards out/after/shards
# Prints one JSON line; exits 1 naming the columns that differ.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/duckdb.sh"
dir="${CHFEN_HOME:-$here/.chfen}/tools/duckdb"
# node resolves the import beside the script: run a copy where @duckdb/node-api is installed
cp "$here/scripts/compare-shards.mjs" "$dir/compare-shards.mjs"
cd "$dir"
exec node compare-shards.mjs "$(cd "$OLDPWD" && realpath "$1")" "$(cd "$OLDPWD" && realpath "$2")"
