#!/usr/bin/env bash
# The process stage with every analyzer on, on one core (taskset -c 0), reading and writing a
# local disk against object storage (a real S3 API: S3Proxy on loopback, `chfen s3-server`),
# alternating the two PAIRS times in one run (these machines are shared and noisy). Prints a
# table: wall seconds, video seconds processed, video-seconds per core-second, videos per
# core-hour. Usage: bash scripts/bench-object-storage.sh [CRAWL_OUTPUT (default out/demo)] [PAIRS (2)]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
crawl="$(cd "${1:-$here/out/demo}" && pwd)"
pairs="${2:-2}"
cd "$here"
./chfen --help >/dev/null # builds the CLI when a source changed
work="$(mktemp -d "${TMPDIR:-/tmp}/chfen-bench-s3.XXXXXX")"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
chfen=(java -Dchfen.home="${CHFEN_HOME:-$here/.chfen}" -jar "$here/app/target/chfen.jar")
export OMP_THREAD_LIMIT=1 ORT_DISABLE_TELEMETRY=1

"${chfen[@]}" s3-server --dir "$work/s3" --port "$port" --bucket bench >"$work/s3.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q "S3 API on" "$work/s3.log" && break; sleep 0.2; done
s3=(--runner-config runner-configs/s3-local.yaml --endpoint="http://127.0.0.1:$port")

# the crawl's records and media as objects: S3Proxy keeps a bucket's objects as files
mkdir -p "$work/s3/bench/crawl"
cp -r "$crawl/metadata" "$crawl/media" "$work/s3/bench/crawl/"

run() { # label, then the process command's arguments; prints "label wall videoSeconds"
  local label="$1" summary="$2"; shift 2
  local t0 t1
  t0=$(date +%s.%N)
  taskset -c 0 "${chfen[@]}" process "$@" >"$work/$label.log" 2>&1
  t1=$(date +%s.%N)
  local counts
  counts=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(s["mediaSeconds"], s["processed"])' "$summary")
  echo "$label $(python3 -c "print(f'{$t1-$t0:.1f}')") $counts" >>"$work/results"
  echo "  $label: $(tail -n 1 "$work/results")" >&2
}

for i in $(seq "$pairs"); do
  run "local-$i" "$work/local-$i/process-summary.json" --in "$crawl" --out "$work/local-$i"
  run "s3-$i" "$work/s3/bench/run-$i/process-summary.json" \
    --in s3://bench/crawl --out "s3://bench/run-$i" "${s3[@]}"
done

python3 - "$work/results" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
print("| run | wall s (1 core) | videos | video s | video-s per core-s | videos per core-hour |")
print("|---|---|---|---|---|---|")
for label, wall, video, videos in rows:
    wall, video, videos = float(wall), float(video), int(videos)
    print(f"| {label} | {wall:.1f} | {videos} | {video:.1f} | {video / wall:.2f} | {videos * 3600 / wall:.0f} |")
for kind in ("local", "s3"):
    w = [float(r[1]) for r in rows if r[0].startswith(kind)]
    print(f"| {kind} mean | {sum(w) / len(w):.1f} | | | |")
PY
