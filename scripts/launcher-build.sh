#!/usr/bin/env bash
# What ./chfen builds before it runs, one function per artifact, each from the source tree alone
# (`-am` builds the project's own modules in the same reactor, so nothing has to be installed in
# the local Maven repository first). Sourced by ./chfen and by scripts/check-launcher-build.sh.
# CHFEN_MVN_ARGS: extra Maven arguments (the check points them at a repository without the
# project's artifacts).

launcher_mvn() {
  # shellcheck disable=SC2086
  (cd "$here" && mvn -B -q -Dstyle.color=never ${CHFEN_MVN_ARGS:-} "$@") >&2
}

# The CLI jar, on first use or when a source changed.
build_cli() {
  local jar="$here/app/target/chfen.jar" stale=""
  if [ ! -f "$jar" ]; then
    stale=yes
  else
    stale="$(find "$here" -path "$here/.git" -prune -o \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit)"
  fi
  if [ -n "$stale" ]; then
    echo "chfen: building (mvn package) ..." >&2
    launcher_mvn -DskipTests package -pl app -am
  fi
}

# The Flink session cluster's jars, and the shaded job jar a cluster runs (built when missing or
# older than the CLI jar).
build_flink() {
  if [ ! -d "$here/runner-configs/flink-cluster/target/lib" ]; then
    echo "chfen: resolving the Flink cluster's jars ..." >&2
    launcher_mvn -DskipTests package -pl runner-configs/flink-cluster -am
  fi
  local flinkjar="$here/pipelines/target/chfen-pipelines-flink.jar"
  if [ ! -f "$flinkjar" ] || [ "$here/app/target/chfen.jar" -nt "$flinkjar" ]; then
    echo "chfen: building the job jar for the cluster (mvn -Pflink-jar) ..." >&2
    launcher_mvn -DskipTests -Pflink-jar package -pl pipelines -am
  fi
}
