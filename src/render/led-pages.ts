import { clreqForbids } from './clreq.ts';
import { breakToWidth, canBreakBetween, segmentsOf } from './line-break.ts';
import { tooLongError, type TextRole } from './messages.ts';
import type { Profile } from './profiles.ts';
import { emBound } from './style.ts';

// How text goes onto a dot-matrix LED panel: a scrolling strip, or exact-size pages a controller steps through.
// Decided without font bytes (every glyph ≤ 1 em), so the planner knows every file before anything renders.

/** The most pages one text may take: a controller paging through more is no longer read. */
export const MAX_LED_PAGES = 4;
/** A Chinese character needs at least 16×16 dots. */
export const LED_MIN_CELL = 16;

const boundPx = (cell: number) => (line: string) => emBound(line) * cell;

/** One page: the lines drawn, and the text they show (with the marker, and the text's own space if it has one). */
export interface LedPage {
  readonly lines: readonly string[];
  readonly text: string;
}

/** The pages of a text on a panel, drawn at `cell` px per character. */
export interface LedPaging {
  readonly cell: number;
  readonly pages: readonly LedPage[];
}

/**
 * Pages of `text` at `linesPerPage` lines of `cell`-px characters. With a marker (示例： for sample data) every page
 * starts with it: a segment's lines are grouped into fewer per page until marker + page text fits.
 */
function pagesAt(text: string, width: number, linesPerPage: number, cell: number, marker: string): LedPage[] | undefined {
  const measure = boundPx(cell);
  const whole = breakToWidth(marker + text, width, measure);
  if (whole && whole.length <= linesPerPage) return [{ lines: whole, text: marker + text }];
  // More than one page: each half of the slogan starts its own page, so a page never ends mid-thought. A text of
  // many short parts (a string of code words) that would take too many pages that way flows across its spaces.
  const byHalf = pagesOf(segmentsOf(text), width, linesPerPage, measure, marker);
  if (byHalf && byHalf.length <= MAX_LED_PAGES) return byHalf;
  const flowed = flowPages(text, width, linesPerPage, measure, marker);
  return flowed && (!byHalf || flowed.length < byHalf.length) ? flowed : byHalf;
}

/**
 * Pages filled one after another: each takes the longest start of the rest of the text that fits on it (with the
 * marker) and ends where the breaker may break (never against clreq; inside a Latin word only as the last resort).
 */
function flowPages(text: string, width: number, linesPerPage: number, measure: (line: string) => number, marker: string): LedPage[] | undefined {
  const pages: LedPage[] = [];
  let rest = [...text];
  // A page holds at most linesPerPage lines of width / cell characters (every glyph is at most 1 em wide here).
  const capacity = linesPerPage * Math.floor(width / Math.max(1e-9, measure('一'))) - [...marker].length;
  while (rest.length > 0) {
    if (pages.length >= MAX_LED_PAGES || capacity < 1) return undefined;
    let page: { page: LedPage; after: string[] } | undefined;
    for (let end = Math.min(rest.length, capacity + 1); end > 0 && !page; end--) {
      const prefix = rest.slice(0, end).join('').trimEnd();
      const afterChars = rest.slice(end);
      const after = afterChars.join('').trimStart();
      if (!prefix) continue;
      if (after) {
        const atSpace = rest[end] === ' ' || rest[end - 1] === ' ';
        if (atSpace ? clreqForbids([...prefix].pop(), [...after][0]) : !canBreakBetween(prefix, after, true)) continue;
      }
      const lines = breakToWidth(marker + prefix, width, measure);
      if (lines && lines.length <= linesPerPage) page = { page: { lines, text: marker + prefix }, after: [...after] };
    }
    if (!page) return undefined;
    pages.push(page.page);
    rest = page.after;
  }
  return pages;
}

function pagesOf(parts: readonly string[], width: number, linesPerPage: number, measure: (line: string) => number, marker: string): LedPage[] | undefined {
  const pages: LedPage[] = [];
  for (const part of parts) {
    const lines = breakToWidth(part, width, measure);
    if (!lines) return undefined;
    // Where each line starts and ends in the part: a page shows the part's own text between its lines, spaces kept.
    const spans: [number, number][] = [];
    let offset = 0;
    for (const line of lines) {
      const at = part.indexOf(line, offset);
      spans.push([at, at + line.length]);
      offset = at + line.length;
    }
    let placed: LedPage[] | undefined;
    for (let per = linesPerPage; per >= 1 && !placed; per--) {
      const marked: { lines: string[] | undefined; text: string }[] = [];
      for (let i = 0; i < lines.length; i += per) {
        const c = lines.slice(i, i + per);
        const shown = part.slice(spans[i]![0], spans[Math.min(i + per, lines.length) - 1]![1]);
        marked.push({ lines: marker ? breakToWidth(marker + shown, width, measure) : c, text: marker + shown });
      }
      if (marked.every((m) => m.lines && m.lines.length <= linesPerPage)) placed = marked as LedPage[];
    }
    if (!placed) return undefined;
    pages.push(...placed);
  }
  return pages;
}

/** The fewest pages, then the largest characters: 128×32 gives 2 lines of 8 at 16 px, or 1 line of 4 at 32 px. */
export function ledPaging(text: string, profile: Profile, role: TextRole, marker = ''): LedPaging {
  const minCell = Math.max(LED_MIN_CELL, profile.minCharPx);
  let best: { cell: number; pages: LedPage[] } | undefined;
  for (let lines = 1; Math.floor(profile.height / lines) >= minCell; lines++) {
    const cell = Math.floor(profile.height / lines);
    const pages = pagesAt(text, profile.width, lines, cell, marker);
    if (!pages || pages.length > MAX_LED_PAGES) continue;
    if (!best || pages.length < best.pages.length || (pages.length === best.pages.length && cell > best.cell)) best = { cell, pages };
  }
  if (!best) {
    const lines = Math.floor(profile.height / minCell);
    const perLine = Math.floor(profile.width / minCell);
    const pages = pagesAt(text, profile.width, lines, minCell, marker);
    const need = pages ? `需要 ${pages.length} 页` : `有一个词宽于 ${profile.width} px，无法断行`;
    throw tooLongError(role, text, profile, `按 ${minCell} px 字高每页 ${lines} 行、每行 ${perLine} 字，${need}，最多 ${MAX_LED_PAGES} 页`);
  }
  return best;
}

/**
 * The line a strip draws: the space between a slogan's halves (between two Chinese characters) becomes an ideographic
 * space, one character wide, so every character of an all-Chinese strip sits on the panel's character grid and the
 * GIF's pauses show whole characters. Spaces in Latin text stay as they are.
 */
export const stripLine = (text: string) => text.replace(/(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])/gu, '\u3000');

/** A one-line scrolling strip: characters as tall as the panel, as wide as the text needs plus a quarter-cell margin. */
export function ledStrip(text: string, profile: Profile): { cell: number; width: number; margin: number } {
  const cell = profile.height;
  const margin = Math.round(cell / 4);
  return { cell, width: Math.ceil(emBound(text) * cell) + 2 * margin, margin };
}
