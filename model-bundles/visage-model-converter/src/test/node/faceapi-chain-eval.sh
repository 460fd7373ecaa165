#!/usr/bin/env bash
# Reference chain of face-api (its own detector + 68 landmarks + ResNet-34) on ../shared/data's verification pairs.
# Same mechanism and cache as FaceApiResnetEquivalenceTest: ~/.cache/visage-npm, the npm-packed
# vladmandic-face-api-1.7.15.tgz there (run `mvn -pl model-bundles/visage-model-converter test` once to fetch it),
# TF.js 4.22.0 + wasm backend from npm; plus pure-JS image decoders pngjs 7.0.0 and jpeg-js 0.4.4.
# Usage (from the repo root): model-bundles/visage-model-converter/src/test/node/faceapi-chain-eval.sh [data-dir] [out.json]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../../../.." && pwd)"
data="$(cd "${1:-$repo/../shared/data}" && pwd)"
out="${2:+$(realpath -m "$2")}"
cache="${VISAGE_NPM_CACHE:-$HOME/.cache/visage-npm}"
tarball="$cache/vladmandic-face-api-1.7.15.tgz"
dir="$cache/faceapi-chain-4.22.0"
[ -f "$tarball" ] || { echo "missing $tarball: run mvn -pl model-bundles/visage-model-converter test first" >&2; exit 2; }
if [ ! -d "$dir/node_modules/jpeg-js" ] || [ ! -d "$dir/node_modules/@tensorflow/tfjs-backend-wasm" ] || [ ! -d "$dir/node_modules/@vladmandic/face-api/model" ]; then
  mkdir -p "$dir"
  echo '{"name":"visage-faceapi-chain","private":true}' > "$dir/package.json"
  (cd "$dir" && npm install --no-audit --no-fund --ignore-scripts @tensorflow/tfjs@4.22.0 \
    @tensorflow/tfjs-backend-wasm@4.22.0 "$tarball" jpeg-js@0.4.4 pngjs@7.0.0 >&2)
fi
cp "$here/faceapi-chain-eval.js" "$dir/"
cd "$dir"
exec node faceapi-chain-eval.js "$dir/node_modules/@vladmandic/face-api/model" "$data" ${out:+"$out"}
