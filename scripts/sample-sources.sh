#!/usr/bin/env bash
# Fetches the real material the sample corpus is made from, all from Debian packages (licences:
# pipelines/src/main/resources/io/chfen/corpus/SOURCES.md). Idempotent.
#   opencv-doc                 Megamind.avi (real clip), messi5.jpg (a real person), photos for backgrounds
#   python3-skimage (.deb only) astronaut.png, camera.png (two more real people); unpacked, not installed
#   espeak-ng                  speech synthesis (Mandarin and English) of the subtitle lines
#   alsa-utils                 recorded human speech (/usr/share/sounds/alsa)
#   fretsonfire-songs-muldjord music (CC-BY-SA)
#   fonts-noto-cjk, fonts-wqy-microhei, fonts-dejavu-core   subtitle fonts
# and, for the field corpus (made differently: libass subtitles, other speakers and music):
#   ktuberling-data (.deb only)  recorded human speech, words in many languages, GPL-2+
#   lincity-ng-data (.deb only)  instrumental music (three songs), GPL-2+
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sources="${CHFEN_SOURCES_DIR:-$here/.chfen/sources}"
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"

need=()
[ -f /usr/share/doc/opencv-doc/examples/data/messi5.jpg ] || need+=(opencv-doc)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
[ -f /usr/share/sounds/alsa/Front_Center.wav ] || need+=(alsa-utils)
[ -d /usr/share/games/fretsonfire/data/songs/muldjord ] || need+=(fretsonfire-songs-muldjord)
fc-list : family 2>/dev/null | grep -F "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)
fc-list : family 2>/dev/null | grep -F "WenQuanYi Micro Hei" >/dev/null || need+=(fonts-wqy-microhei)
fc-list : family 2>/dev/null | grep -F "DejaVu Sans" >/dev/null || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  echo "sample sources: installing ${need[*]} (Debian packages)" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ ! -f "$sources/skimage/astronaut.png" ] || [ ! -f "$sources/skimage/camera.png" ]; then
  echo "sample sources: unpacking astronaut.png and camera.png from Debian's python3-skimage" >&2
  tmp="$(mktemp -d)"
  (cd "$tmp" && apt-get download python3-skimage >/dev/null 2>&1) || {
    $sudo_cmd apt-get update -qq && (cd "$tmp" && apt-get download python3-skimage >/dev/null)
  }
  dpkg-deb -x "$tmp"/python3-skimage_*.deb "$tmp/x"
  mkdir -p "$sources/skimage"
  cp "$tmp/x/usr/lib/python3/dist-packages/skimage/data/astronaut.png" \
     "$tmp/x/usr/lib/python3/dist-packages/skimage/data/camera.png" "$sources/skimage/"
  cp "$tmp/x/usr/share/doc/python3-skimage/copyright" "$sources/skimage/copyright" 2>/dev/null || true
  rm -rf "$tmp"
fi

# Unpacks files of a Debian package into $sources/<dir> without installing it.
#   unpack PACKAGE DIR PATH... (paths inside the package, copied with their tree under DIR)
unpack() {
  local pkg="$1" dir="$2"
  shift 2
  [ -f "$sources/$dir/.done" ] && return 0
  echo "sample sources: unpacking $pkg (Debian package) into $sources/$dir" >&2
  local tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && apt-get download "$pkg" >/dev/null 2>&1) || {
    $sudo_cmd apt-get update -qq && (cd "$tmp" && apt-get download "$pkg" >/dev/null)
  }
  dpkg-deb -x "$tmp"/"${pkg}"_*.deb "$tmp/x"
  rm -rf "$sources/$dir"
  mkdir -p "$sources/$dir"
  local p
  for p in "$@"; do
    mkdir -p "$sources/$dir/$(dirname "$p")"
    cp -r "$tmp/x/$p" "$sources/$dir/$p"
  done
  cp "$tmp/x/usr/share/doc/$pkg/copyright" "$sources/$dir/copyright"
  touch "$sources/$dir/.done"
  rm -rf "$tmp"
}
unpack ktuberling-data ktuberling usr/share/ktuberling/sounds
unpack lincity-ng-data lincity-ng usr/share/games/lincity-ng/music
