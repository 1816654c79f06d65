import * as fontkit from 'fontkit';
import type { Weight } from './style.ts';

// Fonts come from npm (never the system): Noto Sans SC, full OFL TTFs. The host loads them (fonts-node.ts: read once
// per process and subset once per build to the characters the build uses; the browser: the site's font slices, see
// src/browser/) and hands the bytes to fontsFromFaces, which makes the one Fonts object the engine measures and draws
// with. Pure: no I/O here, so the browser bundle shares this file.

import { FONT_FAMILY, WEIGHTS } from './font-chars.ts';
export { WEIGHTS, FONT_FAMILY, FIXED_CHARS, checkGlyphs, checkedChars } from './font-chars.ts';

/** The full font files, one per weight, with their character coverage (loaded by fonts-node.ts). */
export interface FontFiles {
  readonly data: Readonly<Record<Weight, Uint8Array>>;
  /** True when every weight has a real glyph (not .notdef) for the code point. */
  covers(cp: number): boolean;
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
  /** The subset TTF bytes per weight, e.g. to hand to worker threads (see fontsFromSubsets; with several files per weight: the first). */
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

/** One font file of one weight: a whole subset (Node) or one slice of the site's sliced fonts (browser). */
export interface FontFace {
  readonly weight: Weight;
  readonly bytes: Uint8Array;
}

/**
 * Builds Fonts from font files, any number per weight (synchronous: for worker threads). A character is drawn and
 * measured with the first file of its weight that has it, as satori chooses (a run keeps
 * whitespace in its file when that file has it). `hash` identifies the bytes (for cache keys; '' when unused).
 */
export function fontsFromFaces(faces: readonly FontFace[], hash: string): Fonts {
  const parsed = faces.map((f) => ({ weight: f.weight, font: fontkit.create(f.bytes as Buffer) as fontkit.Font }));
  const byWeight = Object.fromEntries(WEIGHTS.map((w) => [w, parsed.filter((p) => p.weight === w).map((p) => p.font)])) as Record<Weight, fontkit.Font[]>;
  // satori picks one file per family and weight, and falls back to the other families in the order given; so the
  // k-th file of each weight is its own family (the first is FONT_FAMILY, the one the layouts ask for).
  const seen = new Map<Weight, number>();
  const satori = Object.freeze(
    faces.map((f): SatoriFont => {
      const k = seen.get(f.weight) ?? 0;
      seen.set(f.weight, k + 1);
      const bytes = f.bytes;
      return { name: k === 0 ? FONT_FAMILY : `${FONT_FAMILY} ${k}`, data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, weight: f.weight, style: 'normal' };
    }),
  );
  const fontFor = (cp: number, weight: Weight) => byWeight[weight].find((f) => f.hasGlyphForCodePoint(cp)) ?? byWeight[weight][0]!;
  /** The text split into runs that each stay in one font, as satori splits it. */
  const runs = (text: string, weight: Weight): { font: fontkit.Font; text: string }[] => {
    const fonts = byWeight[weight];
    if (fonts.length === 1) return [{ font: fonts[0]!, text }];
    const out: { font: fontkit.Font; text: string }[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      const last = out[out.length - 1];
      // satori's rule: whitespace stays in the current file when it has the glyph; any other character goes to the
      // first file that has it.
      const font = /^\s$/.test(ch) && last?.font.hasGlyphForCodePoint(cp) ? last.font : fontFor(cp, weight);
      if (last && last.font === font) last.text += ch;
      else out.push({ font, text: ch });
    }
    return out;
  };
  const widthCache = new Map<string, number>();
  // Only trim when the font really leaves that half blank, so another font cannot make us clip ink.
  const blankHalf = (ch: string | undefined, weight: Weight, side: 'left' | 'right') => {
    if (ch === undefined) return 0;
    const cp = ch.codePointAt(0)!;
    const font = fontFor(cp, weight);
    const glyph = font.glyphForCodePoint(cp);
    const upm = font.unitsPerEm;
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
      // Per run of one font (one run with the CLI's single subset; the browser's slices can make several).
      const rs = runs(text, weight);
      let before = 0; // em, the runs before this one
      let minX = 0;
      let maxX = 0;
      let end = 0;
      rs.forEach((r, k) => {
        const upm = r.font.unitsPerEm;
        const run = r.font.layout(r.text, tracking ? { liga: false, clig: false } : undefined);
        let pen = 0;
        run.glyphs.forEach((glyph, i) => {
          const pos = run.positions[i]!;
          const box = glyph.bbox;
          if (Number.isFinite(box.minX) && box.maxX > box.minX) {
            minX = Math.min(minX, before + (pen + pos.xOffset + box.minX) / upm);
            maxX = Math.max(maxX, before + (pen + pos.xOffset + box.maxX) / upm);
          }
          pen += pos.xAdvance + (i < run.glyphs.length - 1 || k < rs.length - 1 ? tracking * upm : 0);
        });
        end = before + pen / upm;
        before = end;
      });
      o = { left: Math.max(0, -minX), right: Math.max(0, maxX - end) };
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
    subsets: Object.fromEntries(WEIGHTS.map((w) => [w, faces.find((f) => f.weight === w)?.bytes ?? new Uint8Array()])) as Record<Weight, Uint8Array>,
    hash,
    has: (cp) => WEIGHTS.every((w) => byWeight[w].some((f) => f.hasGlyphForCodePoint(cp))),
    measure(text, size, weight, tracking = 0) {
      const key = `${weight}|${tracking}|${text}`;
      let em = widthCache.get(key);
      if (em === undefined) {
        em = 0;
        for (const run of runs(text, weight)) {
          // satori turns ligatures off when letter-spacing is set; measure the same glyphs it draws.
          const layout = run.font.layout(run.text, tracking ? { liga: false, clig: false } : undefined);
          em += layout.positions.reduce((s, p) => s + p.xAdvance, 0) / run.font.unitsPerEm;
        }
        em += tracking * Math.max(0, [...text].length - 1);
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
