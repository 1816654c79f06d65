import { pair } from './contrast.ts';
import type { RenderJob } from './job.ts';
import type { Scene, TextBox } from './layouts/scene.ts';
import { missingGlyphError, type TextRole } from './messages.ts';
import { PALETTE, ledTextColour } from './style.ts';
import { UNIFONT_TABLE_BASE64 } from './unifont/glyphs.ts';

// Dot-matrix glyphs for LED text 16 dots high (issue 13): GNU Unifont's 16×16 Han characters and 8×16 ASCII,
// drawn dot for dot, the way real panels' 点阵字库 draw them. Thresholding a vector font at 16 px merges strokes
// (深, 施, 量, 警); a hand-drawn 16×16 glyph keeps every stroke apart. The table is committed data (GPL-2+ with the
// font embedding exception, src/render/unifont/), imported as a module so a browser bundle carries it too.

/** The character height dot glyphs are drawn at: LED text planned at this cell uses them. */
export const DOT_CELL = 16;

/** One glyph: 8 or 16 dots wide, 16 rows; bit 15 of a row is its leftmost dot. */
export interface DotGlyph {
  readonly width: 8 | 16;
  readonly rows: readonly number[];
}

interface Table {
  readonly index: ReadonlyMap<number, number>;
  readonly widths: Uint8Array;
  readonly bitmaps: Uint8Array;
}

let table: Table | undefined;

function load(): Table {
  if (table) return table;
  const bin = atob(UNIFONT_TABLE_BASE64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const n = (bytes[0]! << 8) | bytes[1]!;
  const index = new Map<number, number>();
  for (let i = 0; i < n; i++) index.set((bytes[2 + 2 * i]! << 8) | bytes[3 + 2 * i]!, i);
  table = { index, widths: bytes.subarray(2 + 2 * n, 2 + 3 * n), bitmaps: bytes.subarray(2 + 3 * n) };
  return table;
}

/** Every code point the table holds, ascending. */
export function dotCodePoints(): number[] {
  return [...load().index.keys()];
}

export function dotGlyph(cp: number): DotGlyph | undefined {
  const t = load();
  const i = t.index.get(cp);
  if (i === undefined) return undefined;
  const at = 32 * i;
  const rows = Array.from({ length: 16 }, (_, r) => (t.bitmaps[at + 2 * r]! << 8) | t.bitmaps[at + 2 * r + 1]!);
  return { width: t.widths[i] as 8 | 16, rows };
}

export const hasDotGlyph = (cp: number) => load().index.has(cp);

/** Whether a job's text is drawn with dot glyphs: LED text whose characters are 16 dots high. */
export const usesDotGlyphs = (job: RenderJob) => job.profile.layout === 'led' && job.led?.cell === DOT_CELL;

/** Fails with today's missing-glyph message (character and U+ code) when the table lacks a character. */
export function checkDotGlyphs(role: TextRole, text: string): void {
  for (const ch of text) if (!hasDotGlyph(ch.codePointAt(0)!)) throw missingGlyphError(role, text, ch.codePointAt(0)!);
}

/** Width in dots of a line: 16 per wide glyph, 8 per narrow one. */
export function dotWidth(line: string): number {
  let w = 0;
  for (const ch of line) w += dotGlyph(ch.codePointAt(0)!)?.width ?? 0;
  return w;
}

/** Lights the dots of `line` with palette index `colour`, its top-left dot at (x, y); dots off the image are dropped. */
export function drawDotLine(indices: Uint8Array, width: number, height: number, line: string, x: number, y: number, colour: number): void {
  let left = x;
  for (const ch of line) {
    const g = dotGlyph(ch.codePointAt(0)!)!;
    for (let r = 0; r < 16; r++) {
      const py = y + r;
      if (py < 0 || py >= height) continue;
      const row = g.rows[r]!;
      for (let c = 0; c < g.width; c++) {
        const px = left + c;
        if (row & (0x8000 >> c) && px >= 0 && px < width) indices[py * width + px] = colour;
      }
    }
    left += g.width;
  }
}

/** Blank columns of a wide glyph on its left and right, in dots. */
function blankSides(g: DotGlyph): { left: number; right: number } {
  const ink = g.rows.reduce((a, r) => a | r, 0);
  if (ink === 0) return { left: g.width, right: g.width };
  let left = 0;
  while (!(ink & (0x8000 >> left))) left++;
  let right = 0;
  while (!(ink & (0x8000 >> (g.width - 1 - right)))) right++;
  return { left, right };
}

/**
 * The blank halves of full-width punctuation at a line's ends, in dots (clreq: an opening mark at the start and a
 * closing mark at the end of a line are set half-width), as the vector layouts trim them: only when the glyph
 * really leaves that half blank.
 */
export function dotTrim(line: string): { lead: number; tail: number } {
  const chars = [...line];
  const half = (ch: string | undefined, side: 'left' | 'right') => {
    const g = ch === undefined ? undefined : dotGlyph(ch.codePointAt(0)!);
    return g && g.width === 16 && blankSides(g)[side] >= 8 ? 8 : 0;
  };
  const first = chars[0];
  const last = chars[chars.length - 1];
  return { lead: first && OPENING.has(first) ? half(first, 'left') : 0, tail: last && CLOSING.has(last) ? half(last, 'right') : 0 };
}

const OPENING = new Set([...'“‘（《「『【〔〈［｛〖']);
const CLOSING = new Set([...'”’）》」』】〕〉］｝〗，。、；：！？']);

/**
 * Where each line of an LED job sits in dot-glyph mode: strips start at their margin, pages centre each line's ink
 * (less the blank halves of punctuation at its ends). `x` is where the line's visible part starts; drawing starts
 * `lead` dots further left.
 */
export function dotLinePlaces(job: RenderJob): { line: string; x: number; y: number; w: number; lead: number }[] {
  const led = job.led!;
  const top = Math.floor((job.height - led.lines.length * DOT_CELL) / 2);
  return led.lines.map((line, i) => {
    const { lead, tail } = dotTrim(line);
    const w = dotWidth(line) - lead - tail;
    return { line, w, lead, x: job.kind === 'led-strip' ? led.margin : Math.floor((job.width - w) / 2), y: top + i * DOT_CELL };
  });
}

/** The scene of a dot-glyph job: no satori text (the glyphs are drawn as dots), the boxes and pair the audit checks. */
export function dotScene(job: RenderJob, role: TextRole): Scene {
  checkDotGlyphs(role, job.text);
  for (const line of job.led!.lines) checkDotGlyphs(role, line);
  const colour = ledTextColour(job);
  const boxes: TextBox[] = dotLinePlaces(job).map((p) => ({ role: 'hero', text: p.line, x: p.x, y: p.y, w: p.w, h: DOT_CELL, fontSize: DOT_CELL, weight: 500, color: colour, background: PALETTE.ledBlack }));
  const style = { display: 'flex', position: 'relative', width: job.width, height: job.height };
  return {
    width: job.width,
    height: job.height,
    element: { type: 'div', props: { style: { ...style, backgroundColor: PALETTE.ledBlack } } },
    mask: { type: 'div', props: { style: { ...style, backgroundColor: '#FFFFFF' } } },
    overlay: '',
    boxes,
    pairs: [pair('hero', colour, PALETTE.ledBlack)],
    heroLines: [...job.led!.lines],
  };
}

/** The palette indices of a dot-glyph job: black everywhere but the glyphs' dots, in the text's palette index. */
export function dotIndices(job: RenderJob, colourIndex: number): Uint8Array {
  const indices = new Uint8Array(job.width * job.height);
  for (const p of dotLinePlaces(job)) drawDotLine(indices, job.width, job.height, p.line, p.x - p.lead, p.y, colourIndex);
  return indices;
}
