import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { checkedChars, fontsFromFaces, WEIGHTS, type FontFiles, type Fonts } from './fonts.ts';
import type { TextRole } from './messages.ts';
import type { Weight } from './style.ts';
import { FONT_FILES, subsetInWorker } from './subsetter.ts';
export { fontDigests } from './font-facts.ts';

// How Node loads the fonts: the npm TTFs, read once per process and subset once per build (satori's parse time
// grows with the font) in a worker thread. The browser's counterpart loads the site's font slices (src/browser/).

const require = createRequire(import.meta.url);

/** A Buffer view over the same bytes (fontverter inside subset-font only recognises Buffers). */
const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export { FONT_FILES };
const FILES = FONT_FILES;

export function loadFontFiles(): FontFiles {
  const data = Object.fromEntries(WEIGHTS.map((w) => [w, new Uint8Array(readFileSync(require.resolve(FILES[w])))])) as Record<Weight, Uint8Array>;
  const parsed = WEIGHTS.map((w) => fontkit.create(asBuffer(data[w])) as fontkit.Font);
  const files: FontFiles = { data, covers: (cp) => parsed.every((f) => f.hasGlyphForCodePoint(cp)) };
  parsedFonts.set(files, parsed);
  return files;
}

const parsedFonts = new WeakMap<FontFiles, fontkit.Font[]>();

/** Every code point that all weights have a real glyph for, ascending (what font-facts.ts keeps as `covers`). */
export function coveredCodePoints(files: FontFiles): number[] {
  const first = parsedFonts.get(files)?.[0] ?? (fontkit.create(asBuffer(files.data[WEIGHTS[0]!])) as fontkit.Font);
  return [...new Set(first.characterSet)].filter((cp) => files.covers(cp)).sort((a, b) => a - b);
}

/** Subsets every weight to `texts` plus FIXED_CHARS, after checking every character against the full fonts. */
export async function buildFonts(texts: Iterable<{ role: TextRole; text: string }>, files: FontFiles): Promise<Fonts> {
  return subsetFonts(checkedChars(texts, files), files);
}

/** Subsets every weight to the characters of checkedChars (in a worker thread that ends with it; see subset-worker.mjs). */
export async function subsetFonts(charList: string, files: FontFiles): Promise<Fonts> {
  return fontsFromSubsets(await subsetInWorker(files.data, charList));
}

/** Builds Fonts from subset bytes made by buildFonts (synchronous: for worker threads). */
export function fontsFromSubsets(subsets: Readonly<Record<Weight, Uint8Array>>): Fonts {
  const hash = createHash('sha256');
  for (const w of WEIGHTS) hash.update(subsets[w]);
  return fontsFromFaces(WEIGHTS.map((w) => ({ weight: w, bytes: subsets[w] })), hash.digest('hex'));
}
