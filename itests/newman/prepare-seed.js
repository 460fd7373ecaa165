#!/usr/bin/env node
// Makes a runnable copy of the seed Postman collection (../shared/seed/saffe-api.postman_collection.json).
//
// What changes, and nothing else:
//  - the collection gets variables: `server` (the local host:port), the credentials and the other
//    {{variables}} the seed's requests use (user_reference, liveness, ...);
//  - for a plain-HTTP run the `https://` scheme in front of {{server}} becomes `http://` (the seed only
//    knows https; the HTTPS run keeps the URLs exactly as they are);
//  - every form-data file field points at a local image (the seed's point at its authors' laptops);
//  - every request gets a test script with the generic contract assertions (see CONTRACT_TESTS).
// Requests, methods, bodies (form-data on GET/DELETE with disableBodyPruning), disabled parameters and
// the example responses stay as they are.
//
// usage: node prepare-seed.js --seed SEED.json --out OUT.json --server host:port --scheme http|https
//          --vars vars.json --images images.json
//   vars.json:   {"api_user": "...", "api_key": "...", ...}      collection variables
//   images.json: {"image": "/abs/a.jpg", "image2": "...", ...}    file field name -> absolute path
'use strict';
const fs = require('fs');

function args(argv) {
  const out = {};
  for (let i = 2; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) {
      throw new Error(`bad argument ${argv[i]}`);
    }
    out[argv[i].slice(2)] = argv[i + 1];
  }
  for (const k of ['seed', 'out', 'server', 'scheme', 'vars', 'images']) {
    if (!out[k]) throw new Error(`missing --${k}`);
  }
  return out;
}

// The assertions every seed request must pass, whatever its outcome.
const CONTRACT_TESTS = [
  "// added by itests/newman/prepare-seed.js: the generic Saffe response contract",
  "pm.test('HTTP status < 500', function () {",
  "    pm.expect(pm.response.code).to.be.below(500);",
  "});",
  "pm.test('JSON body with integer status and string message', function () {",
  "    pm.expect(pm.response.headers.get('Content-Type') || '').to.match(/^application\\/json/i);",
  "    const body = pm.response.json();",
  "    pm.expect(body).to.be.an('object');",
  "    pm.expect(Number.isInteger(body.status), 'status is an integer: ' + JSON.stringify(body.status)).to.equal(true);",
  "    pm.expect(body.message).to.be.a('string');",
  "});",
  "pm.test('HTTP status equals the body status or 200', function () {",
  "    const body = pm.response.json();",
  "    pm.expect([body.status, 200]).to.include(pm.response.code);",
  "});",
];

function main() {
  const a = args(process.argv);
  const seed = JSON.parse(fs.readFileSync(a.seed, 'utf8'));
  const vars = JSON.parse(fs.readFileSync(a.vars, 'utf8'));
  const images = JSON.parse(fs.readFileSync(a.images, 'utf8'));
  if (a.scheme !== 'http' && a.scheme !== 'https') throw new Error('--scheme must be http or https');

  const variables = Object.assign({ server: a.server }, vars);
  seed.variable = (seed.variable || []).filter((v) => !(v.key in variables));
  for (const [key, value] of Object.entries(variables)) {
    seed.variable.push({ key, value: String(value), type: 'string' });
  }
  seed.info.name = `${seed.info.name} (runnable copy, ${a.scheme}://${a.server})`;

  const fixUrl = (url) => {
    if (a.scheme === 'http' && typeof url === 'string') return url.replace(/^https:\/\/\{\{server\}\}/, 'http://{{server}}');
    return url;
  };
  let requests = 0;
  const missing = new Set();
  const walk = (items) => {
    for (const item of items) {
      if (Array.isArray(item.item)) {
        walk(item.item);
        continue;
      }
      if (!item.request) continue;
      requests++;
      const req = item.request;
      if (typeof req.url === 'string') {
        req.url = fixUrl(req.url);
      } else if (req.url && typeof req.url === 'object') {
        if (req.url.raw) req.url.raw = fixUrl(req.url.raw);
        if (a.scheme === 'http' && req.url.protocol === 'https') req.url.protocol = 'http';
      }
      if (req.urlObject && a.scheme === 'http' && req.urlObject.protocol === 'https') req.urlObject.protocol = 'http';
      const form = req.body && req.body.mode === 'formdata' ? req.body.formdata || [] : [];
      for (const field of form) {
        if (field.type !== 'file') continue;
        const path = images[field.key];
        if (!path) {
          missing.add(field.key);
          continue;
        }
        field.src = path;
        delete field.value;
        delete field.fileNotInWorkingDirectoryWarning;
        delete field.filesNotInWorkingDirectory;
      }
      item.event = (item.event || []).filter((e) => e.listen !== 'test');
      item.event.push({ listen: 'test', script: { type: 'text/javascript', exec: CONTRACT_TESTS } });
    }
  };
  walk(seed.item);
  if (missing.size) throw new Error(`no image for file field(s): ${[...missing].join(', ')}`);
  fs.writeFileSync(a.out, JSON.stringify(seed, null, 1));
  process.stdout.write(`prepared ${requests} seed requests -> ${a.out}\n`);
}

main();
