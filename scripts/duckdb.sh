#!/usr/bin/env bash
# Installs DuckDB for Node (npm @duckdb/node-api, MIT) into ${CHFEN_HOME:-<repo>/.chfen}/tools/duckdb:
# the tests read the tensor shards with it, with no project code. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${CHFEN_HOME:-$here/.chfen}/tools/duckdb"
version="1.5.6-r.1"
if [ -f "$dir/node_modules/@duckdb/node-api/package.json" ] \
  && grep -q "\"version\": \"$version\"" "$dir/node_modules/@duckdb/node-api/package.json"; then
  exit 0
fi
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
if ! command -v npm >/dev/null 2>&1; then
  echo "duckdb: installing nodejs and npm (Debian packages)" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
echo "duckdb: installing @duckdb/node-api@$version into $dir" >&2
mkdir -p "$dir"
(cd "$dir" && [ -f package.json ] || echo '{"private": true}' > package.json)
(cd "$dir" && npm install --silent --no-audit --no-fund "@duckdb/node-api@$version" >/dev/null)
