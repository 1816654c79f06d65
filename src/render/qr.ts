import { RenderError } from '../errors.ts';
import { qrForAttempt } from './qr-mask.ts';

// QR codes drawn by us as crisp rectangles: an integer number of px per module, a quiet zone of 4 modules,
// dark modules on a light tile, never inverted. The payload is an ASCII URL (node-qrcode writes UTF-8 without ECI).

export const QUIET_MODULES = 4;
export const MIN_MODULE_PX = 5;

export interface QrMatrix {
  readonly url: string;
  readonly version: number;
  /** Modules per side, without the quiet zone. */
  readonly size: number;
  isDark(x: number, y: number): boolean;
}

/** The URL's code; `attempt` picks another mask when a card's code did not read (RenderJob.qrAttempt). */
export function qrMatrix(url: string, attempt = 0): QrMatrix {
  if (!/^[\x21-\x7e]+$/.test(url)) throw new RenderError(`二维码网址只能包含 ASCII 字符，收到「${url}」；请在 site.yaml 的 baseUrl 中使用已编码（punycode/百分号编码）的网址`);
  const qr = qrForAttempt(url, attempt);
  const { size, data } = qr.modules;
  return { url, version: qr.version, size, isDark: (x, y) => data[y * size + x] === 1 };
}

/** Side of the whole tile (code + quiet zone) in modules. */
export const tileModules = (m: QrMatrix) => m.size + 2 * QUIET_MODULES;

/** The largest whole module size at which the tile fits `maxPx`, but never below the minimum. */
export function modulePxFor(m: QrMatrix, maxPx: number): number {
  return Math.max(MIN_MODULE_PX, Math.floor(maxPx / tileModules(m)));
}

/** SVG for the tile at (x, y): a light square with the quiet zone, then the dark modules as one path of row runs. */
export function qrSvg(m: QrMatrix, x: number, y: number, modulePx: number, dark: string, light: string): string {
  const side = tileModules(m) * modulePx;
  let d = '';
  for (let row = 0; row < m.size; row++) {
    let col = 0;
    while (col < m.size) {
      if (!m.isDark(col, row)) {
        col++;
        continue;
      }
      let end = col;
      while (end < m.size && m.isDark(end, row)) end++;
      const px = x + (QUIET_MODULES + col) * modulePx;
      const py = y + (QUIET_MODULES + row) * modulePx;
      d += `M${px} ${py}h${(end - col) * modulePx}v${modulePx}h${-(end - col) * modulePx}z`;
      col = end;
    }
  }
  return `<rect x="${x}" y="${y}" width="${side}" height="${side}" fill="${light}"/><path d="${d}" fill="${dark}" shape-rendering="crispEdges"/>`;
}

/** The URL as printed under the code: without the scheme. */
export const shortUrl = (url: string) => url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');

/** Pieces of a short URL that may end a line: after each '/', and after each '.' or ':' of the host. */
export function urlPieces(short: string): string[] {
  const slash = short.indexOf('/');
  const host = slash < 0 ? short : short.slice(0, slash + 1);
  const path = slash < 0 ? '' : short.slice(slash + 1);
  return [...(host.match(/[^.:]*[.:]|[^.:]+$/g) ?? [host]), ...(path.match(/[^/]*\/|[^/]+$/g) ?? [])];
}

/** Breaks a short URL into as few lines as fit `maxWidth`, after '/' where possible, balanced so no piece is orphaned. */
export function urlLines(short: string, maxWidth: number, measure: (s: string) => number): string[] {
  const pieces = urlPieces(short).flatMap((p) => (measure(p) <= maxWidth ? [p] : [...p]));
  // The fewest lines, by greedy fill.
  let count = 0;
  let line = '';
  for (const piece of pieces) {
    if (line && measure(line + piece) > maxWidth) {
      count++;
      line = piece;
    } else line += piece;
  }
  if (line) count++;
  // Then the split into that many lines whose widest line is narrowest.
  // Breaks after '/' read best; one inside the host (after '.' or ':') counts as a wider line.
  let best: { lines: string[]; score: number } | undefined;
  const walk = (start: number, left: number, acc: string[]) => {
    if (left === 1) {
      const lines = [...acc, pieces.slice(start).join('')];
      const max = Math.max(...lines.map(measure));
      const hostBreaks = lines.slice(0, -1).filter((l) => !l.endsWith('/')).length;
      const score = max * (1 + 0.3 * hostBreaks);
      if (max <= maxWidth && (!best || score < best.score)) best = { lines, score };
      return;
    }
    for (let end = start + 1; end <= pieces.length - (left - 1); end++) walk(end, left - 1, [...acc, pieces.slice(start, end).join('')]);
  };
  // Balancing is exhaustive; a URL too long for that is filled greedily instead.
  if (pieces.length <= 40 && count <= 6) walk(0, Math.min(count, pieces.length), []);
  if (!best) return greedyLines(pieces, maxWidth, measure);
  return best.lines;
}

function greedyLines(pieces: readonly string[], maxWidth: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    if (line && measure(line + piece) > maxWidth) {
      lines.push(line);
      line = piece;
    } else line += piece;
  }
  if (line) lines.push(line);
  return lines;
}
