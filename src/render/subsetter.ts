import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Weight } from './style.ts';

// The font-subsetting worker thread (subset-worker.mjs), launched from a module light enough to load before the
// build's own code: a first build starts it at once, beside the render workers.

const require = createRequire(import.meta.url);

/** The npm font file of each weight (the CLI's fonts, and the source of the site's slices). */
export const FONT_FILES: Readonly<Record<Weight, string>> = {
  500: '@expo-google-fonts/noto-sans-sc/500Medium/NotoSansSC_500Medium.ttf',
  700: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
  900: '@expo-google-fonts/noto-sans-sc/900Black/NotoSansSC_900Black.ttf',
};

/** Every weight's subset bytes. */
export type SubsetBytes = Record<Weight, Uint8Array>;

const ORDER = Object.keys(FONT_FILES).map(Number) as Weight[];
const SUBSET_WORKER = new URL('./subset-worker.mjs', import.meta.url);

/** Subsets the given full fonts (one per weight) to charList, in a worker thread that ends with it. */
export function subsetInWorker(fonts: Readonly<Record<Weight, Uint8Array>>, charList: string): Promise<SubsetBytes> {
  return fromWorker(new Worker(SUBSET_WORKER, { workerData: { fonts: ORDER.map((w) => fonts[w]), text: charList } }));
}

/** A subsetting worker started before the build knows its characters (see startSubsetter). */
export interface Subsetter {
  /** Subsets the npm fonts (FONT_FILES, the bytes loadFontFiles reads) to checkedChars' list; once. */
  subset(charList: string): Promise<SubsetBytes>;
  /** Ends the worker when it was not needed (a build whose subset came from the cache). */
  stop(): Promise<void>;
}

/**
 * Starts a subsetting worker now: it reads the font files and loads HarfBuzz (~0.2 s of a second core) while the
 * build validates and plans, so that a first build's subset is ready about when its render workers are.
 */
export function startSubsetter(): Subsetter {
  const worker = new Worker(SUBSET_WORKER, { workerData: { paths: ORDER.map((w) => require.resolve(FONT_FILES[w])) } });
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

async function fromWorker(worker: Worker): Promise<SubsetBytes> {
  try {
    const out = await new Promise<Uint8Array[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`font subsetting worker exited with code ${code}`)));
    });
    return Object.fromEntries(ORDER.map((w, i) => [w, out[i]!])) as SubsetBytes;
  } finally {
    await worker.terminate();
  }
}
