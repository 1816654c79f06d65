import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import * as fontkit from 'fontkit';
import { missingGlyphError, type TextRole } from './messages.ts';
import type { Weight } from './style.ts';

// Fonts come from npm (never the system): Noto Sans SC, full OFL TTFs. They are read once per process, subset once
// per build to the characters the build uses (satori's parse time grows with the font), and passed in explicitly.

const require = createRequire(import.meta.url);
// subset-font ships no types; its one call is typed here.

/** A Buffer view over the same bytes (fontverter inside subset-font only recognises Buffers). */
const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export const WEIGHTS: readonly Weight[] = [500, 700, 900];
const FILES: Readonly<Record<Weight, string>> = {
  500: '@expo-google-fonts/noto-sans-sc/500Medium/NotoSansSC_500Medium.ttf',
  700: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
  900: '@expo-google-fonts/noto-sans-sc/900Black/NotoSansSC_900Black.ttf',
};
export const FONT_FAMILY = 'Noto Sans SC';

/** The full font files, one per weight, with their character coverage. */
export interface FontFiles {
  readonly data: Readonly<Record<Weight, Uint8Array>>;
  /** True when every weight has a real glyph (not .notdef) for the code point. */
  covers(cp: number): boolean;
}

export function loadFontFiles(): FontFiles {
  const data = Object.fromEntries(WEIGHTS.map((w) => [w, new Uint8Array(readFileSync(require.resolve(FILES[w])))])) as Record<Weight, Uint8Array>;
  const parsed = WEIGHTS.map((w) => fontkit.create(asBuffer(data[w])) as fontkit.Font);
  return { data, covers: (cp) => parsed.every((f) => f.hasGlyphForCodePoint(cp)) };
}

/** One satori font entry. */
export interface SatoriFont {
  readonly name: string;
  readonly data: ArrayBuffer;
  readonly weight: Weight;
  readonly style: 'normal';
}

/** The fonts of one build: subset TTFs, how to measure text in them, and which characters they hold. */
export interface Fonts {
  /** The same array for every render: satori keeps its parsed fonts keyed on it. */
  readonly satori: readonly SatoriFont[];
  /** The subset TTF bytes per weight, e.g. to hand to worker threads (see fontsFromSubsets). */
  readonly subsets: Readonly<Record<Weight, Uint8Array>>;
  /** SHA-256 over the subset bytes: part of any render cache key. */
  readonly hash: string;
  /** Code points present in every subset. */
  has(cp: number): boolean;
  /**
   * Width in px of one unwrapped line as satori draws it: the sum of glyph advances (with kerning) plus
   * `tracking` em after every character but the last (satori also adds it after the last; that space is not ink).
   */
  measure(text: string, size: number, weight: Weight, tracking?: number): number;
  /**
   * The blank half of a full-width punctuation mark at either end of a line, in em (clreq: an opening bracket or
   * quote at the start of a line, and a comma, stop or closing mark at its end, are set half-width), less any ink
   * that reaches past the line's advance box there (glyph bounding boxes: the j of javascript starts left of its
   * pen position), so a line placed by its visual box never has ink outside it.
   */
  trim(text: string, weight: Weight, tracking?: number): { lead: number; tail: number };
  /** measure() less the trimmed blanks: the width the line's ink spans, as layouts align it. */
  visual(text: string, size: number, weight: Weight, tracking?: number): number;
}

/** Opening marks whose glyph sits in the right half of the em (Noto Sans SC). */
const OPENING = new Set([...'“‘（《「『【〔〈［｛〖']);
/** Closing marks and SC pause/stop marks whose glyph sits in the left half of the em. */
const CLOSING = new Set([...'”’）》」』】〕〉］｝〗，。、；：！？']);

/** Characters every build may need besides the data: URLs, markers, digits. */
export const FIXED_CHARS = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), ...'示例预览年“质量月”主题·\u3000'].join('');

/** Fails with the exact text, character and U+ code when the font has no glyph for a character. */
export function checkGlyphs(role: TextRole, text: string, covers: (cp: number) => boolean): void {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch !== ' ' && !covers(cp)) throw missingGlyphError(role, text, cp);
  }
}

/** Subsets every weight to `texts` plus FIXED_CHARS, after checking every character against the full fonts. */
export async function buildFonts(texts: Iterable<{ role: TextRole; text: string }>, files: FontFiles): Promise<Fonts> {
  return subsetFonts(checkedChars(texts, files), files);
}

/** Checks every character against the full fonts (throws on a missing glyph) and returns the sorted set to keep. */
export function checkedChars(texts: Iterable<{ role: TextRole; text: string }>, files: FontFiles): string {
  const chars = new Set(FIXED_CHARS);
  for (const { role, text } of texts) {
    checkGlyphs(role, text, files.covers);
    for (const ch of text) chars.add(ch);
  }
  // Sorted, so the same texts give the same subset bytes whatever their order.
  return [...chars].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!).join('');
}

/** Subsets every weight to the characters of checkedChars (in a worker thread that ends with it; see subset-worker.mjs). */
export async function subsetFonts(charList: string, files: FontFiles): Promise<Fonts> {
  const worker = new Worker(new URL('./subset-worker.mjs', import.meta.url), { workerData: { fonts: WEIGHTS.map((w) => files.data[w]), text: charList } });
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
  const parsed = Object.fromEntries(WEIGHTS.map((w) => [w, fontkit.create(asBuffer(subsets[w])) as fontkit.Font])) as Record<Weight, fontkit.Font>;
  const hash = createHash('sha256');
  for (const w of WEIGHTS) hash.update(subsets[w]);
  const satori = Object.freeze(
    WEIGHTS.map((w): SatoriFont => {
      const bytes = subsets[w];
      return { name: FONT_FAMILY, data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, weight: w, style: 'normal' };
    }),
  );
  const widthCache = new Map<string, number>();
  // Only trim when the font really leaves that half blank, so another font cannot make us clip ink.
  const blankHalf = (ch: string | undefined, weight: Weight, side: 'left' | 'right') => {
    if (ch === undefined) return 0;
    const glyph = parsed[weight].glyphForCodePoint(ch.codePointAt(0)!);
    const upm = parsed[weight].unitsPerEm;
    const blank = side === 'left' ? glyph.bbox.minX : glyph.advanceWidth - glyph.bbox.maxX;
    return blank >= 0.45 * upm && glyph.advanceWidth >= 0.95 * upm ? 0.5 : 0;
  };
  // How far a line's ink reaches past its advance box at either end, in em (j and f have negative side bearings,
  // an italic-like overhang or a wide final glyph can pass the last advance): from the glyphs' real bounding boxes.
  const inkCache = new Map<string, { left: number; right: number }>();
  const overhang = (text: string, weight: Weight, tracking: number) => {
    const key = `${weight}|${tracking}|${text}`;
    let o = inkCache.get(key);
    if (o === undefined) {
      const font = parsed[weight];
      const upm = font.unitsPerEm;
      const run = font.layout(text, tracking ? { liga: false, clig: false } : undefined);
      let pen = 0;
      let minX = 0;
      let maxX = 0;
      run.glyphs.forEach((glyph, i) => {
        const pos = run.positions[i]!;
        const box = glyph.bbox;
        if (Number.isFinite(box.minX) && box.maxX > box.minX) {
          minX = Math.min(minX, (pen + pos.xOffset + box.minX) / upm);
          maxX = Math.max(maxX, (pen + pos.xOffset + box.maxX) / upm);
        }
        pen += pos.xAdvance + (i < run.glyphs.length - 1 ? tracking * upm : 0);
      });
      o = { left: Math.max(0, -minX), right: Math.max(0, maxX - pen / upm) };
      inkCache.set(key, o);
    }
    return o;
  };
  const trim = (text: string, weight: Weight, tracking = 0) => {
    const chars = [...text];
    const first = chars[0];
    const last = chars[chars.length - 1];
    const ink = overhang(text, weight, tracking);
    // A blank half is trimmed; ink past the advance box is added back (a negative trim), so the line's box holds its ink.
    return {
      lead: (first !== undefined && OPENING.has(first) ? blankHalf(first, weight, 'left') : 0) - ink.left,
      tail: (last !== undefined && CLOSING.has(last) ? blankHalf(last, weight, 'right') : 0) - ink.right,
    };
  };
  return {
    satori,
    subsets,
    hash: hash.digest('hex'),
    has: (cp) => WEIGHTS.every((w) => parsed[w].hasGlyphForCodePoint(cp)),
    measure(text, size, weight, tracking = 0) {
      const key = `${weight}|${tracking}|${text}`;
      let em = widthCache.get(key);
      if (em === undefined) {
        const font = parsed[weight];
        // satori turns ligatures off when letter-spacing is set; measure the same glyphs it draws.
        const run = font.layout(text, tracking ? { liga: false, clig: false } : undefined);
        const advance = run.positions.reduce((s, p) => s + p.xAdvance, 0) / font.unitsPerEm;
        em = advance + tracking * Math.max(0, [...text].length - 1);
        widthCache.set(key, em);
      }
      return em * size;
    },
    trim,
    visual(text, size, weight, tracking = 0) {
      const t = trim(text, weight, tracking);
      return this.measure(text, size, weight, tracking) - (t.lead + t.tail) * size;
    },
  };
}
