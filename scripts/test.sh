#!/usr/bin/env bash
# The test command: installs what a fresh machine lacks (scripts/setup.sh), then runs every
# module's tests with Maven (unit, pipeline and end-to-end tests against the live sample site,
# and on a standalone Flink cluster started from Maven jars: -Pflink-jar builds its job jar), then
# checks that ./chfen's own build steps work from a fresh clone (scripts/check-launcher-build.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/setup.sh"
cd "$here"
mvn -B -Dstyle.color=never -Pflink-jar verify "$@"
bash "$here/scripts/check-launcher-build.sh"
