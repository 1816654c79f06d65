// Cuts font slices in a worker thread (plain JS, like src/render/subset-worker.mjs): the same subset-font call
// and options as the CLI's per-build subset, once per slice and weight.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const subsetFont = require('subset-font');

const { fonts, texts } = workerData;
const out = [];
for (const text of texts) {
  const slice = [];
  for (const data of fonts) slice.push(new Uint8Array(await subsetFont(Buffer.from(data.buffer, data.byteOffset, data.byteLength), text, { targetFormat: 'truetype' })));
  out.push(slice);
}
parentPort.postMessage(out);
