// Subsets the poster fonts in a short-lived worker thread (plain JS: no TypeScript loader needed). subset-font's
// HarfBuzz WebAssembly memory grows to hold the full CJK fonts and never shrinks; ending the worker returns it,
// so the build's main thread does not carry it through the render (peak RSS, issue 6).
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const subsetFont = require('subset-font');

const { fonts, text } = workerData;
const subsets = [];
for (const data of fonts) {
  const out = await subsetFont(Buffer.from(data.buffer, data.byteOffset, data.byteLength), text, { targetFormat: 'truetype' });
  subsets.push(new Uint8Array(out));
}
parentPort.postMessage(subsets, subsets.map((s) => s.buffer));
