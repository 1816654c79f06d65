import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import * as fontkit from 'fontkit';
import { checkedChars, fontsFromFaces, WEIGHTS, type FontFiles, type Fonts } from './fonts.ts';
import type { TextRole } from './messages.ts';
import type { Weight } from './style.ts';

// How Node loads the fonts: the npm TTFs, read once per process and subset once per build (satori's parse time
// grows with the font) in a worker thread. The browser's counterpart loads the site's font slices (src/browser/).

const require = createRequire(import.meta.url);

/** A Buffer view over the same bytes (fontverter inside subset-font only recognises Buffers). */
const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** The npm font file of each weight (the CLI's fonts, and the source of the site's slices). */
export const FONT_FILES: Readonly<Record<Weight, string>> = {
  500: '@expo-google-fonts/noto-sans-sc/500Medium/NotoSansSC_500Medium.ttf',
  700: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
  900: '@expo-google-fonts/noto-sans-sc/900Black/NotoSansSC_900Black.ttf',
};
const FILES = FONT_FILES;

export function loadFontFiles(): FontFiles {
  const data = Object.fromEntries(WEIGHTS.map((w) => [w, new Uint8Array(readFileSync(require.resolve(FILES[w])))])) as Record<Weight, Uint8Array>;
  const parsed = WEIGHTS.map((w) => fontkit.create(asBuffer(data[w])) as fontkit.Font);
  return { data, covers: (cp) => parsed.every((f) => f.hasGlyphForCodePoint(cp)) };
}

/** Subsets every weight to `texts` plus FIXED_CHARS, after checking every character against the full fonts. */
export async function buildFonts(texts: Iterable<{ role: TextRole; text: string }>, files: FontFiles): Promise<Fonts> {
  return subsetFonts(checkedChars(texts, files), files);
}

/** Subsets every weight to the characters of checkedChars (in a worker thread that ends with it; see subset-worker.mjs). */
export async function subsetFonts(charList: string, files: FontFiles): Promise<Fonts> {
  return fromWorker(new Worker(SUBSET_WORKER, { workerData: { fonts: WEIGHTS.map((w) => files.data[w]), text: charList } }));
}

/** A subsetting worker started before the build knows its characters (see startSubsetter). */
export interface Subsetter {
  /** Subsets the npm fonts (the same bytes loadFontFiles reads) to checkedChars' list; once. */
  subset(charList: string): Promise<Fonts>;
  /** Ends the worker when it was not needed (a build whose subset came from the cache). */
  stop(): Promise<void>;
}

/**
 * Starts a subsetting worker now: it reads the font files and loads HarfBuzz (~0.2 s of a second core) while the
 * build validates and plans, so that a first build's subset is ready about when its render workers are.
 */
export function startSubsetter(): Subsetter {
  const worker = new Worker(SUBSET_WORKER, { workerData: { paths: WEIGHTS.map((w) => require.resolve(FILES[w])) } });
  const result = fromWorker(worker);
  result.catch(() => {});
  return {
    subset(charList) {
      worker.postMessage(charList);
      return result;
    },
    stop: async () => void (await worker.terminate()),
  };
}

const SUBSET_WORKER = new URL('./subset-worker.mjs', import.meta.url);

async function fromWorker(worker: Worker): Promise<Fonts> {
  try {
    const out = await new Promise<Uint8Array[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`font subsetting worker exited with code ${code}`)));
    });
    const subsets = Object.fromEntries(WEIGHTS.map((w, i) => [w, out[i]!])) as Record<Weight, Uint8Array>;
    return fontsFromSubsets(subsets);
  } finally {
    await worker.terminate();
  }
}

/** Builds Fonts from subset bytes made by buildFonts (synchronous: for worker threads). */
export function fontsFromSubsets(subsets: Readonly<Record<Weight, Uint8Array>>): Fonts {
  const hash = createHash('sha256');
  for (const w of WEIGHTS) hash.update(subsets[w]);
  return fontsFromFaces(WEIGHTS.map((w) => ({ weight: w, bytes: subsets[w] })), hash.digest('hex'));
}
