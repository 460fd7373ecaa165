// The REFERENCE chain: face-api's own detectSingleFace(img).withFaceLandmarks().withFaceDescriptor()
// (SSD MobileNetV1 detector, default options; 68-point landmark net; ResNet-34 descriptor), as
// @vladmandic/face-api@1.7.15 ships it, under TF.js 4.22.0 with the wasm backend, scored on
// pairs_verification.csv with Euclidean distance and with cosine similarity.
// Run with ./faceapi-chain-eval.sh (installs the npm packages into ~/.cache/visage-npm/faceapi-chain-4.22.0).
// Usage: node faceapi-chain-eval.js <model-dir> <data-dir> [out.json]
// MIN_CONFIDENCE=x overrides the detector's minConfidence (default: the package's own default, 0.5).
// Images are decoded in pure JS (pngjs, jpeg-js; no EXIF rotation); files in other formats are skipped and counted.
// Rule for missed faces (no detection, or undecodable image): a genuine pair with a missed image is a failure to
// match (worst score); an impostor pair with a missed image is excluded.
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const { PNG } = require('pngjs');
const jpeg = require('jpeg-js');

function decode(file) {
  const buf = fs.readFileSync(file);
  let w, h, rgba;
  if (buf[0] === 0x89 && buf.toString('latin1', 1, 4) === 'PNG') {
    const png = PNG.sync.read(buf);
    ({ width: w, height: h } = png); rgba = png.data;
  } else if (buf[0] === 0xff && buf[1] === 0xd8) {
    const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 2048, maxResolutionInMP: 400 });
    ({ width: w, height: h } = img); rgba = img.data;
  } else {
    return null;
  }
  const rgb = new Uint8Array(w * h * 3);
  for (let p = 0, q = 0; p < w * h; p++) {
    // alpha is dropped (all inputs here are opaque photos)
    rgb[q++] = rgba[4 * p]; rgb[q++] = rgba[4 * p + 1]; rgb[q++] = rgba[4 * p + 2];
  }
  return tf.tensor3d(rgb, [h, w, 3], 'int32');
}

function below(sorted, t) { let n = 0; for (const v of sorted) if (v < t) n++; return n; }

// Same definitions as bundles/visage-evaluation's Evaluation (higher score = more similar).
function eer(g, i) {
  const cands = [...new Set([...g, ...i])].sort((a, b) => a - b);
  let best = Infinity, res = [1, 0];
  for (const t of cands) {
    const fnmr = below(g, t) / g.length, fmr = (i.length - below(i, t)) / i.length;
    if (Math.abs(fnmr - fmr) < best) { best = Math.abs(fnmr - fmr); res = [(fnmr + fmr) / 2, t]; }
  }
  return res;
}
function thresholdAt(iSorted, fmr) {
  const allowed = Math.floor(fmr * iSorted.length);
  const kth = iSorted[iSorted.length - 1 - allowed];
  return kth + Math.max(Math.abs(kth) * 1e-12, 1e-12); // ~Math.nextUp
}

function metrics(name, g, i, toThreshold) {
  g = g.slice().sort((a, b) => a - b); i = i.slice().sort((a, b) => a - b);
  const [e, et] = eer(g, i);
  const r = { scoring: name, genuine: g.length, impostor: i.length, eer: e, eerThreshold: toThreshold(et) };
  for (const fmr of [1e-2, 1e-3]) {
    const t = thresholdAt(i, fmr);
    r[`fnmr@${fmr}`] = below(g, t) / g.length;
    r[`threshold@${fmr}`] = toThreshold(t);
    r[`fmr@${fmr}`] = (i.length - below(i, t)) / i.length;
  }
  return r;
}

async function main() {
  const [modelDir, dataDir, out] = process.argv.slice(2);
  await tf.setBackend('wasm');
  await tf.ready();
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
  const rows = fs.readFileSync(path.join(dataDir, 'pairs_verification.csv'), 'utf8').trim().split(/\r?\n/).slice(1)
    .map((l) => l.split(','));
  const files = [...new Set(rows.flatMap((r) => [r[0], r[1]]))].sort();
  const options = process.env.MIN_CONFIDENCE
    ? new faceapi.SsdMobilenetv1Options({ minConfidence: Number(process.env.MIN_CONFIDENCE) })
    : new faceapi.SsdMobilenetv1Options();
  const desc = new Map();
  const missed = [], skipped = [];
  for (const f of files) {
    const input = decode(path.join(dataDir, f));
    if (!input) { skipped.push(f); continue; }
    const result = await faceapi.detectSingleFace(input, options).withFaceLandmarks().withFaceDescriptor();
    input.dispose();
    if (!result) { missed.push(f); continue; }
    desc.set(f, Array.from(result.descriptor));
    process.stderr.write(`${f}: score ${result.detection.score.toFixed(3)}\n`);
  }
  const euclid = (a, b) => Math.sqrt(a.reduce((s, v, k) => s + (v - b[k]) ** 2, 0));
  const cosine = (a, b) => {
    let ab = 0, aa = 0, bb = 0;
    for (let k = 0; k < a.length; k++) { ab += a[k] * b[k]; aa += a[k] * a[k]; bb += b[k] * b[k]; }
    return ab / Math.sqrt(aa * bb);
  };
  const ge = [], ie = [], gc = [], ic = [], gd = [], gdc = [];
  let genuineMissed = 0, impostorExcluded = 0;
  for (const [a, b, same] of rows) {
    const da = desc.get(a), db = desc.get(b);
    if (!da || !db) {
      if (same === '1') { genuineMissed++; ge.push(-Infinity); gc.push(-Infinity); } else impostorExcluded++;
      continue;
    }
    if (same === '1') { gd.push(-euclid(da, db)); gdc.push(cosine(da, db)); }
    (same === '1' ? ge : ie).push(-euclid(da, db));
    (same === '1' ? gc : ic).push(cosine(da, db));
  }
  const report = {
    package: '@vladmandic/face-api@1.7.15', tfjs: tf.version.tfjs, backend: tf.getBackend(),
    minConfidence: options.minConfidence, images: files.length, detected: desc.size, missed, skipped,
    genuinePairsWithMiss: genuineMissed, impostorPairsExcluded: impostorExcluded,
    euclidean: metrics('euclidean distance (accept if distance <= threshold)', ge, ie, (t) => -t),
    cosine: metrics('cosine similarity (accept if similarity >= threshold)', gc, ic, (t) => t),
    // descriptor alone: only pairs whose two images were both detected
    euclideanDetectedOnly: metrics('euclidean, both images detected', gd, ie, (t) => -t),
    cosineDetectedOnly: metrics('cosine, both images detected', gdc, ic, (t) => t),
  };
  const text = JSON.stringify(report, null, 2);
  if (out) fs.writeFileSync(out, text);
  console.log(text);
}

main().catch((e) => { console.error(e); process.exit(1); });
