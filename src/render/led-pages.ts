import { breakToWidth, segmentsOf } from './line-break.ts';
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
  // More than one page: each half of the slogan starts its own page, so a page never ends mid-thought.
  const pages: LedPage[] = [];
  for (const segment of segmentsOf(text)) {
    const lines = breakToWidth(segment, width, measure);
    if (!lines) return undefined;
    let placed: LedPage[] | undefined;
    for (let per = linesPerPage; per >= 1 && !placed; per--) {
      const chunks: string[][] = [];
      for (let i = 0; i < lines.length; i += per) chunks.push(lines.slice(i, i + per));
      const marked = chunks.map((c) => ({ lines: marker ? breakToWidth(marker + c.join(''), width, measure) : c, text: marker + c.join('') }));
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
