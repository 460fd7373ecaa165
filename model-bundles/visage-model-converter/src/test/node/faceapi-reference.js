// Reference descriptors from face-api's own code under TF.js (wasm backend), for the converter's tests.
// Usage: node faceapi-reference.js <model-dir> <out.json> <crop.rgb>...
// Each crop is 150x150 RGB, 8 bits per channel, row-major; the output holds one 128-d descriptor per crop.
const fs = require('fs');
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

async function main() {
  const [modelDir, out, ...crops] = process.argv.slice(2);
  await tf.setBackend('wasm');
  await tf.ready();
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
  const descriptors = [];
  for (const crop of crops) {
    const pixels = new Uint8Array(fs.readFileSync(crop));
    if (pixels.length !== 150 * 150 * 3) throw new Error(`${crop}: expected 150x150x3 bytes, got ${pixels.length}`);
    const input = tf.tensor3d(pixels, [150, 150, 3], 'int32');
    const descriptor = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(input);
    input.dispose();
    descriptors.push(Array.from(descriptor));
  }
  fs.writeFileSync(out, JSON.stringify({ backend: tf.getBackend(), tfjs: tf.version.tfjs, descriptors }));
}

main().catch((e) => { console.error(e); process.exit(1); });
