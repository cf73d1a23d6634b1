#!/usr/bin/env bash
# Proves that what ./chfen builds (scripts/launcher-build.sh: the CLI, the Flink cluster's jars, the
# job jar) builds from a fresh clone whose local Maven repository holds none of the project's own
# artifacts, as on a fresh machine — `mvn verify` alone would hide a build step that needs a
# sibling module installed first. The repository is this machine's, hard-linked (or symlinked
# across file systems) without io/chfen, so nothing is downloaded again.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/chfen-launcher-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT

src_repo="${CHFEN_M2_REPOSITORY:-$HOME/.m2/repository}"
repo="$work/m2"
cp -al "$src_repo" "$repo" 2>/dev/null || { rm -rf "$repo"; cp -as "$src_repo" "$repo"; }
rm -rf "$repo/io/chfen"

git clone -q "$here" "$work/src"
echo "check-launcher-build: building as ./chfen does, in a fresh clone with no io.chfen artifacts ..."
(
  export here="$work/src" CHFEN_MVN_ARGS="-Dmaven.repo.local=$repo ${CHFEN_CHECK_MVN_ARGS:-}"
  # shellcheck source=scripts/launcher-build.sh
  source "$work/src/scripts/launcher-build.sh"
  build_cli
  build_flink
)
fail() {
  echo "check-launcher-build: $*" >&2
  exit 1
}
[ -f "$work/src/app/target/chfen.jar" ] || fail "no app/target/chfen.jar"
ls "$work/src/runner-configs/flink-cluster/target/lib/"chfen-encoders-*.jar >/dev/null 2>&1 ||
  fail "the Flink cluster's lib/ lacks chfen-encoders"
[ -f "$work/src/pipelines/target/chfen-pipelines-flink.jar" ] || fail "no job jar"
[ ! -d "$repo/io/chfen" ] || fail "a launcher step installed the project's artifacts"
version="$(java -jar "$work/src/app/target/chfen.jar" --version)"
echo "check-launcher-build: ok ($version: CLI, Flink cluster jars and job jar built from the clone)"
