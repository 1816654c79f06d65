// Subsets the poster fonts in a short-lived worker thread (plain JS: no TypeScript loader needed). subset-font's
// HarfBuzz WebAssembly memory grows to hold the full CJK fonts and never shrinks; ending the worker returns it,
// so the build's main thread does not carry it through the render (peak RSS, issue 6).
//
// Two ways in: workerData { fonts, text } subsets at once; workerData { paths } reads the font files and loads
// HarfBuzz first, then subsets to the text of the first message (a build starts it before it has planned).
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { loadSubsetFont } from './subset-font.mjs';

const subsetFont = loadSubsetFont();

const subsetAll = async (fonts, text) => {
  const subsets = [];
  for (const data of fonts) {
    const out = await subsetFont(Buffer.from(data.buffer, data.byteOffset, data.byteLength), text, { targetFormat: 'truetype' });
    subsets.push(new Uint8Array(out));
  }
  parentPort.postMessage(subsets, subsets.map((s) => s.buffer));
};

if (workerData.text !== undefined) {
  await subsetAll(workerData.fonts, workerData.text);
} else {
  const fonts = workerData.paths.map((p) => readFileSync(p));
  // A first, tiny subset instantiates HarfBuzz's WebAssembly (~50 ms) before the build's characters are known.
  const ready = subsetFont(fonts[0], '0', { targetFormat: 'truetype' });
  parentPort.once('message', async (text) => {
    await ready;
    await subsetAll(fonts, text);
  });
}
