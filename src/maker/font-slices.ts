import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectPath } from '../paths.ts';
import { FIXED_CHARS, WEIGHTS } from '../render/font-chars.ts';
import { fontDigests } from '../render/font-facts.ts';
import type { Weight } from '../render/style.ts';
import { SLICE_INDEX_VERSION, type SliceIndex } from '../browser/slice-index.ts';

// The maker's fonts (issue 12, item 3): the CLI's own npm TTFs cut into ~100 unicode-range slices, so the browser
// downloads only the slices the typed text needs. Slices are TrueType (satori cannot read WOFF2), cut by subset-font
// like the CLI's per-build subset, so glyph outlines, advances and the hhea/OS/2 metrics are the same bytes.
//
// Order (no character-frequency list is on npm; documented in README): slice 0 holds ASCII, Latin-1, general and
// CJK punctuation, fullwidth punctuation and the fixed marker characters (so every kerned Latin pair stays in one font);
// then GB 2312 level 1 (the 3,755 most common Hanzi) in small slices, GB 2312 level 2 in larger ones, then every
// other code point the fonts cover in code point order, in the largest slices.

const require = createRequire(import.meta.url);
// projectPath, not import.meta.url: this module also runs compiled, from dist/<hash>/chunks/ (bin/runtime.js).
const CACHE_DIR = projectPath('node_modules/.cache/qmkit-font-slices/');
/** Bump when the slicing changes, so cached slices are cut again. */
const SLICING = 'v4:l1=50:l2=400:rest=1000:space-in-all:one-file';

/** Characters per slice in each group. */
const LEVEL1_PER_SLICE = 50;
const LEVEL2_PER_SLICE = 400;
const REST_PER_SLICE = 1000;

/** Slice 0: ASCII, Latin-1, general and CJK punctuation, and the fullwidth punctuation (not fullwidth letters). */
const isBase = (cp: number) =>
  (cp >= 0x20 && cp <= 0x7e) ||
  (cp >= 0xa0 && cp <= 0xff) ||
  (cp >= 0x2000 && cp <= 0x206f) ||
  (cp >= 0x3000 && cp <= 0x303f) ||
  (cp >= 0xff01 && cp <= 0xff0f) ||
  (cp >= 0xff1a && cp <= 0xff20) ||
  (cp >= 0xff3b && cp <= 0xff40) ||
  (cp >= 0xff5b && cp <= 0xff65);

/** GB 2312 levels 1 and 2 as code points, in GB order (level 1: rows 16–55; level 2: rows 56–87). */
function gb2312Levels(): [number[], number[]] {
  const gb = new TextDecoder('gb18030');
  const level = (from: number, to: number) => {
    const out: number[] = [];
    for (let row = from; row <= to; row++)
      for (let col = 0xa1; col <= 0xfe; col++) {
        const ch = gb.decode(new Uint8Array([row, col]));
        if ([...ch].length === 1 && ch !== '\ufffd') out.push(ch.codePointAt(0)!);
      }
    return out;
  };
  return [level(0xb0, 0xd7), level(0xd8, 0xf7)];
}

/** The code points of each slice, in slice order: every code point all weights cover, exactly once. */
export function sliceCodePoints(covered: readonly number[]): number[][] {
  const left = new Set(covered);
  const take = (cps: Iterable<number>) => {
    const out: number[] = [];
    for (const cp of cps) if (left.delete(cp)) out.push(cp);
    return out;
  };
  const chunks = (cps: number[], size: number) => Array.from({ length: Math.ceil(cps.length / size) }, (_, i) => cps.slice(i * size, (i + 1) * size));
  const [level1, level2] = gb2312Levels();
  const base = take([...covered.filter(isBase), ...[...FIXED_CHARS].map((c) => c.codePointAt(0)!)].sort((a, b) => a - b));
  const l1 = take(level1);
  const l2 = take(level2);
  const rest = [...left].sort((a, b) => a - b);
  return [base, ...chunks(l1, LEVEL1_PER_SLICE), ...chunks(l2, LEVEL2_PER_SLICE), ...chunks(rest, REST_PER_SLICE)].map((s) => [...s].sort((a, b) => a - b));
}

/** Code points as [start, end] ranges (inclusive). */
export function toRanges(cps: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const cp of cps) {
    const last = out[out.length - 1];
    if (last && last[1] === cp - 1) last[1] = cp;
    else out.push([cp, cp]);
  }
  return out;
}

export interface SliceSet {
  /** Folder holding index.json and the slice files. */
  readonly dir: string;
  readonly index: SliceIndex;
}

/**
 * The slices of the poster fonts, cut once and cached in node_modules/.cache (cutting takes ~300 subset calls:
 * a minute on two cores). The cache key is the font bytes, the slicing rules and subset-font's version.
 */
export function fontSlices(): Promise<SliceSet> {
  // Once per process: the key needs the font bytes (30 MB) read and hashed.
  return (slices ??= cutOrCached().catch((e: unknown) => {
    slices = undefined;
    throw e;
  }));
}
let slices: Promise<SliceSet> | undefined;

async function cutOrCached(): Promise<SliceSet> {
  const subsetVersion = (JSON.parse(readFileSync(require.resolve('subset-font/package.json'), 'utf8')) as { version: string }).version;
  const key = createHash('sha256')
    .update(`${SLICING}\0${subsetVersion}\0`)
    .update(WEIGHTS.map((w) => fontDigests()[w]).join(''))
    .digest('hex')
    .slice(0, 16);
  const dir = path.join(CACHE_DIR, key);
  const indexFile = path.join(dir, 'index.json');
  if (existsSync(indexFile)) return { dir, index: JSON.parse(readFileSync(indexFile, 'utf8')) as SliceIndex };
  // fontkit and the full fonts load only here, when the slices are made (a build whose slices are cached needs neither).
  const [{ loadFontFiles }, fontkit] = await Promise.all([import('../render/fonts-node.ts'), import('fontkit')]);
  const files = loadFontFiles();

  const parsed = fontkit.create(Buffer.from(files.data[900].buffer, files.data[900].byteOffset, files.data[900].byteLength)) as import('fontkit').Font;
  const covered = parsed.characterSet.filter((cp) => cp >= 0x20 && files.covers(cp));
  const slices = sliceCodePoints(covered);
  const tmp = `${dir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  // Every slice also carries the space glyph (listed in slice 0's ranges only). satori lays out a text word by word
  // and a word's width is summed per run of one font file; a Han character and the space after it ("语 ") are one
  // run in the CLI's single subset, so they must be one run here too: else the same width is summed in another
  // order (270 + 61.83 ≠ 331.83000000000004 in floating point), the glyphs after it land 1e-13 px elsewhere, and
  // a coordinate on a .x5 boundary rounds the other way in the SVG (issue 12: byte identity with the CLI).
  const texts = slices.map((cps) => String.fromCodePoint(...cps) + (cps.includes(0x20) ? '' : ' '));
  const threads = Math.max(1, Math.min(2, os.availableParallelism() - 1));
  const out: Uint8Array[][] = await Promise.all(
    Array.from({ length: threads }, (_, t) => {
      const mine = texts.map((text, i) => ({ text, i })).filter(({ i }) => i % threads === t);
      return cutInWorker(WEIGHTS.map((w) => files.data[w]), mine.map((m) => m.text)).then((res) => res.map((r, j) => ({ i: mine[j]!.i, r })));
    }),
  ).then((parts) => {
    const all: Uint8Array[][] = [];
    for (const part of parts) for (const { i, r } of part) all[i] = r;
    return all;
  });
  const index: SliceIndex = {
    version: SLICE_INDEX_VERSION,
    weights: [...WEIGHTS],
    slices: slices.map((cps, i) => {
      // One file per slice: the weights' TTFs one after another (one request per slice in the browser).
      const parts = {} as Record<Weight, [number, number]>;
      let at = 0;
      WEIGHTS.forEach((w, k) => {
        parts[w] = [at, out[i]![k]!.length];
        at += out[i]![k]!.length;
      });
      const bytes = Buffer.concat(out[i]!);
      const file = `s${String(i).padStart(3, '0')}.${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}.bin`;
      writeFileSync(path.join(tmp, file), bytes);
      return { file, parts, bytes: bytes.length, ranges: toRanges(cps) };
    }),
  };
  writeFileSync(path.join(tmp, 'index.json'), JSON.stringify(index));
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return { dir, index };
}

/** Cuts each text's slice from every weight in a short-lived worker (subset-font's WASM memory goes with it). */
async function cutInWorker(fonts: Uint8Array[], texts: string[]): Promise<Uint8Array[][]> {
  const worker = new Worker(new URL('./slice-worker.mjs', import.meta.url), { workerData: { fonts, texts } });
  try {
    return await new Promise<Uint8Array[][]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`font slicing worker exited with code ${code}`)));
    });
  } finally {
    await worker.terminate();
  }
}
