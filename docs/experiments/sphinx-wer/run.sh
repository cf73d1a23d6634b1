#!/usr/bin/env bash
# Word error rate of CMU Sphinx 4 (net.sf.phat:sphinx4-core/-data 5prealpha, BSD) on English speech:
# the corpus's espeak-ng speech (clean stem and the video's mixture), the ALSA test voice and
# ktuberling's English words (real recordings). A record of why Sphinx is not offered (issue 22,
# item 7), not part of the build. Needs the sample corpus (./chfen demo once) and Maven online once.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
work=${1:-/tmp/sphinx-wer}
mkdir -p "$work" && cd "$work"
for a in net.sf.phat:sphinx4-core:5prealpha net.sf.phat:sphinx4-data:5prealpha org.apache.commons:commons-math3:3.6.1; do
  mvn -q -B dependency:get -Dartifact="$a" >/dev/null
done
m2=$HOME/.m2/repository
cp=".:$m2/net/sf/phat/sphinx4-core/5prealpha/sphinx4-core-5prealpha.jar:$m2/net/sf/phat/sphinx4-data/5prealpha/sphinx4-data-5prealpha.jar:$m2/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar"
corpus=$root/.chfen/sample/corpus
raw() { ffmpeg -v error -y -i "$1" -vn -ac 1 -ar 16000 -f s16le "$2"; }
: >clean.tsv; : >mix.tsv; : >alsa.tsv; : >ktuberling.tsv
for v in $(grep -l '"espeak_en"' "$corpus"/c*/truth/meta.json | xargs -n1 dirname | xargs -n1 dirname | xargs -n1 basename); do
  ref=$(grep -v -E '^[0-9]+$|-->|^$' "$corpus/$v/truth/subtitles.srt" | tr '\n' ' ')
  raw "$corpus/$v/truth/vocals.wav" "$v.clean.raw" && printf '%s\t%s\n' "$PWD/$v.clean.raw" "$ref" >>clean.tsv
  raw "$corpus/$v.mp4" "$v.mix.raw" && printf '%s\t%s\n' "$PWD/$v.mix.raw" "$ref" >>mix.tsv
done
for f in /usr/share/sounds/alsa/{Front,Rear,Side}_*.wav; do
  b=$(basename "$f" .wav); raw "$f" "$b.raw" && printf '%s\t%s\n' "$PWD/$b.raw" "${b/_/ }" >>alsa.tsv
done
for f in "$root"/.chfen/sources/ktuberling/usr/share/ktuberling/sounds/en/*.ogg; do
  b=$(basename "$f" .ogg); raw "$f" "kt_$b.raw" && printf '%s\t%s\n' "$PWD/kt_$b.raw" "${b##*_}" >>ktuberling.tsv
done
javac -cp "$cp" -d . "$root/docs/experiments/sphinx-wer/SphinxWer.java"
for s in clean mix alsa ktuberling; do
  echo "== $s"; java -cp "$cp" SphinxWer "$s.tsv" 2>/dev/null | tail -4
done
