// Reference landmarks from face-api's own 68-point net under TF.js (wasm backend), for the converter's tests.
// Usage: node faceapi-landmarks-reference.js <model-dir> <out.json> <crop.rgb>...
// Each crop is 112x112 RGB, 8 bits per channel, row-major; the output holds the net's 136 values per crop
// (x0, y0, x1, y1, ... in units of the crop), as FaceLandmark68Net.forward gives them for a square input.
const fs = require('fs');
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

async function main() {
  const [modelDir, out, ...crops] = process.argv.slice(2);
  await tf.setBackend('wasm');
  await tf.ready();
  await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
  const landmarks = [];
  for (const crop of crops) {
    const pixels = new Uint8Array(fs.readFileSync(crop));
    if (pixels.length !== 112 * 112 * 3) throw new Error(`${crop}: expected 112x112x3 bytes, got ${pixels.length}`);
    const input = tf.tensor3d(pixels, [112, 112, 3], 'int32');
    const output = await faceapi.nets.faceLandmark68Net.forward(input);
    landmarks.push(Array.from(await output.data()));
    input.dispose();
    output.dispose();
  }
  fs.writeFileSync(out, JSON.stringify({ backend: tf.getBackend(), tfjs: tf.version.tfjs, landmarks }));
}

main().catch((e) => { console.error(e); process.exit(1); });
