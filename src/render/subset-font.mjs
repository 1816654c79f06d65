// subset-font without WOFF2, for the site's display font and the poster fonts' subsetting thread (plain JS: that thread
// loads it as it is, beside the compiled code).
// subset-font's format converter, fontverter, loads wawoff2 as soon as it is required: two Emscripten modules for
// WOFF2 (~55 ms of the thread that requires them, and their WebAssembly compiled in the background). qmkit subsets
// to TrueType only (the site's WOFF is written by src/site/font.ts), so a stand-in takes wawoff2's place in Node's
// module cache first (require.cache, which Node documents as writable); asking it for WOFF2 throws.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export function loadSubsetFont() {
  const subsetFontDir = path.dirname(require.resolve('subset-font'));
  const fontverter = require.resolve('fontverter', { paths: [subsetFontDir] });
  const wawoff2 = require.resolve('wawoff2', { paths: [path.dirname(fontverter)] });
  if (!require.cache[wawoff2]) {
    const refuse = () => {
      throw new Error('qmkit: WOFF2 is not used, and wawoff2 is not loaded (src/render/subset-font.mjs)');
    };
    require.cache[wawoff2] = { id: wawoff2, filename: wawoff2, loaded: true, exports: { compress: refuse, decompress: refuse }, children: [], paths: [] };
  }
  return require('subset-font');
}
