#!/usr/bin/env node
// Writes the synthetic uploads of the Newman runs into a folder (never into the repository):
//   no_face.png       a valid 320x480 grey PNG with no face
//   corrupt.jpg       the first 3000 bytes of a real JPEG (header fine, data cut)
//   not_an_image.txt  plain text
// usage: node make-images.js OUT_DIR SOME_REAL.jpg
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const [outDir, jpeg] = process.argv.slice(2);
if (!outDir || !jpeg) {
  process.stderr.write('usage: node make-images.js OUT_DIR SOME_REAL.jpg\n');
  process.exit(2);
}

const table = [];
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  table[n] = c >>> 0;
}
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = table[(c ^ b) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

const width = 320;
const height = 480;
const raw = Buffer.alloc((width * 3 + 1) * height, 128);
for (let y = 0; y < height; y++) raw[y * (width * 3 + 1)] = 0; // filter type None
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(width, 0);
ihdr.writeUInt32BE(height, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 2; // RGB
const png = Buffer.concat([
  Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw)),
  chunk('IEND', Buffer.alloc(0)),
]);

fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'no_face.png'), png);
fs.writeFileSync(path.join(outDir, 'corrupt.jpg'), fs.readFileSync(jpeg).subarray(0, 3000));
fs.writeFileSync(path.join(outDir, 'not_an_image.txt'), 'This is not an image.\n');
