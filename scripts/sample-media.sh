#!/usr/bin/env bash
# Builds the sample site's media from a real clip Debian ships (opencv-doc's Megamind.avi, 11 s,
# 720x528, faces and English speech; licence: see /usr/share/doc/opencv-doc/copyright) as H.264 +
# AAC MP4 in the shapes short-video platforms use. Idempotent: existing files are kept.
# Output: ${CHFEN_SAMPLE_DIR:-<repo>/.chfen/sample}/media/
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${CHFEN_SAMPLE_DIR:-$here/.chfen/sample}/media"
src=/usr/share/doc/opencv-doc/examples/data/Megamind.avi
mkdir -p "$out"

encode() { # name, video filter, extra args...
  local name=$1 vf=$2; shift 2
  [ -s "$out/$name" ] && return 0
  # bitexact + one thread: the same bytes on every machine with the same ffmpeg
  ffmpeg -nostdin -hide_banner -loglevel fatal -y -i "$src" "$@" -vf "$vf" \
    -c:v libx264 -preset veryfast -crf 26 -pix_fmt yuv420p -threads 1 \
    -c:a aac -b:a 96k -ac 2 -ar 44100 \
    -map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact \
    -movflags +faststart "$out/$name.part.mp4"
  mv "$out/$name.part.mp4" "$out/$name"
  echo "sample media: made $out/$name" >&2
}

encode megamind_h.mp4 "crop=720:405,scale=640:360"
encode megamind_v.mp4 "crop=297:528,scale=360:640"
encode megamind_s.mp4 "crop=720:405,scale=320:180" -t 5
