import type { Fonts } from '../fonts.ts';
import { fitText, type Fitted } from '../fit.ts';
import type { RenderJob } from '../job.ts';
import type { TextRole } from '../messages.ts';
import { MIN_MODULE_PX, qrMatrix, shortUrl, tileModules, urlLines } from '../qr.ts';
import { HERO_LINE_HEIGHT, HERO_TRACKING, HERO_WEIGHT, LABEL_WEIGHT, PALETTE, SMALL_LINE_HEIGHT } from '../style.ts';
import { SceneBuilder, wrapSmall, type Rect } from './scene.ts';

export type { Rect };

// Pieces shared by the poster layouts: colour variants, the label row with its markers, the footer, the QR block.

/** Dark: deep-blue screens. Light: white cards and prints with a deep-blue band carrying the label. */
export interface Variant {
  readonly bg: string;
  readonly hero: string;
  readonly footer: string;
  readonly band: string;
  readonly label: string;
  readonly accent: string;
}

export const DARK: Variant = { bg: PALETTE.blue, hero: PALETTE.white, footer: PALETTE.white, band: PALETTE.blue, label: PALETTE.gold, accent: PALETTE.red };
export const LIGHT: Variant = { bg: PALETTE.paper, hero: PALETTE.ink, footer: PALETTE.ink, band: PALETTE.blue, label: PALETTE.gold, accent: PALETTE.red };

export const roleOf = (job: RenderJob): TextRole => (job.n === undefined ? '主题' : '口号');

export function safeRect(job: RenderJob): Rect {
  const s = job.profile.safe;
  return { x: s.left, y: s.top, w: job.width - s.left - s.right, h: job.height - s.top - s.bottom };
}

/** The words of the markers a job carries: 示例 for sample data, 预览 for cards whose QR points nowhere real yet. */
export function markers(job: RenderJob): { text: string; fg: string; bg: string }[] {
  return [
    ...(job.sample ? [{ text: '示例', fg: PALETTE.blue, bg: PALETTE.gold }] : []),
    ...(job.preview ? [{ text: '预览', fg: PALETTE.white, bg: PALETTE.red }] : []),
  ];
}

/**
 * The label row at (x, y) across width w: the campaign label at the left, the markers at the right.
 * The markers drop to a second row when they would touch the label. Returns the row's height.
 */
export function labelRow(b: SceneBuilder, job: RenderJob, x: number, y: number, w: number, size: number, bg: string): number {
  const lineH = Math.round(size * SMALL_LINE_HEIGHT);
  const labelW = b.measure(job.label, size, LABEL_WEIGHT);
  b.text('label', job.label, x, y, { size, weight: LABEL_WEIGHT, color: PALETTE.gold, bg });
  const tags = markers(job);
  if (!tags.length) return lineH;
  const gap = Math.round(size * 0.4);
  const widths = tags.map((t) => Math.ceil(b.measure(t.text, size, 700)) + 2 * Math.round(size * 0.35));
  const total = widths.reduce((s, v) => s + v, 0) + gap * (tags.length - 1);
  const sameRow = labelW + gap + total <= w;
  let tx = sameRow ? x + w - total : x;
  const ty = sameRow ? y - Math.round(size * 0.1) : y + lineH + gap;
  let h = 0;
  for (const t of tags) {
    const r = b.tag(t.text, tx, ty, size, t.fg, t.bg);
    tx += r.w + gap;
    h = r.h;
  }
  return sameRow ? Math.max(lineH, h - Math.round(size * 0.1)) : lineH + gap + h;
}

/**
 * Footer lines: the theme and the issuer on slogan posters, the issuer alone on the theme poster. On share cards
 * the QR code and its URL are the footer (design brief), so the issuer stands alone there too.
 */
export function footerTexts(job: RenderJob): string[] {
  return job.n === undefined || job.url ? [job.issuer] : [job.theme, job.issuer];
}

export function footerLines(job: RenderJob, w: number, size: number, fonts: Fonts): string[] {
  return footerTexts(job).flatMap((t) => wrapSmall(t, w, size, LABEL_WEIGHT, fonts));
}

export const blockHeight = (lines: number, size: number, lineHeight = SMALL_LINE_HEIGHT) => lines * lineHeight * size;

/** Fits the hero into `box` and draws it, vertically centred; `align` within the box. */
export function hero(b: SceneBuilder, job: RenderJob, box: Rect, o: { maxLines: number; maxPx?: number; color: string; bg: string; align: 'left' | 'center' }): Fitted {
  const fitted = fitText(
    job.text,
    {
      w: box.w, h: box.h, maxLines: o.maxLines, minPx: job.profile.minCharPx, maxPx: o.maxPx ?? box.h, weight: HERO_WEIGHT, tracking: HERO_TRACKING,
      lineHeight: HERO_LINE_HEIGHT, safeArea: safeRect(job).w * safeRect(job).h,
    },
    b.fonts,
    roleOf(job),
    job.profile,
  );
  const top = box.y + (box.h - fitted.height) / 2;
  b.lines('hero', fitted.lines, box.x, top, box.w, o.align, { size: fitted.size, weight: HERO_WEIGHT, color: o.color, bg: o.bg, tracking: HERO_TRACKING, lineHeight: HERO_LINE_HEIGHT });
  b.heroLines = [...fitted.lines];
  return fitted;
}

/** Where a QR corner went: the tile (code and quiet zone) and the URL lines under it. */
export interface QrCorner {
  readonly tile: Rect;
  readonly url: Rect;
}

/**
 * Draws the QR tile and its short URL in the corner whose bottom-right is (right, bottom). The URL is broken to
 * at most `urlMaxW` (after '/', '.' or ':'), centred under the tile when narrower, right-aligned when wider.
 * The tile takes the largest whole module size that fits `tileMax` and what `maxH` leaves above the URL.
 */
const URL_DESCENDER_EM = 0.06;

/** The layout left no room for a code of MIN_MODULE_PX (a layout may then try another arrangement). */
export class NoRoomForQr extends Error {}

export function qrCorner(b: SceneBuilder, job: RenderJob, right: number, bottom: number, o: { tileMax: number; urlMaxW: number; maxH: number; urlSize: number; dark: string; light: string; text: string; bg: string; urlBeside?: boolean }): QrCorner {
  const matrix = qrMatrix(job.url!, job.qrAttempt);
  const measure = (s: string) => b.measure(s, o.urlSize, LABEL_WEIGHT);
  const lines = urlLines(shortUrl(matrix.url), o.urlMaxW, measure);
  const urlW = Math.ceil(Math.max(...lines.map(measure)));
  // The URL is the one Latin line set against the bottom of the safe area, and its descenders (g, y, p: 0.247 em
  // below the baseline in Noto Sans SC) reach 0.033 em past a 1.3 line box: keep that much more room below it.
  const urlH = Math.ceil(blockHeight(lines.length, o.urlSize) + URL_DESCENDER_EM * o.urlSize);
  const gap = Math.round(o.urlSize * 0.2);
  const tm = tileModules(matrix);
  // urlBeside: the URL sits left of the code, bottom-aligned, and the code takes the corner's whole height (a small
  // card whose long URL needs a larger code than fits above its URL).
  const modulePx = Math.floor(Math.min(o.tileMax, o.urlBeside ? o.maxH : o.maxH - urlH - gap) / tm);
  if (modulePx < MIN_MODULE_PX) throw new NoRoomForQr(`Internal error: ${job.id}: no room for a QR code of ≥ ${MIN_MODULE_PX} px per module (${o.tileMax}×${o.maxH - urlH - gap} px)`);
  const side = modulePx * tm;
  if (o.urlBeside) {
    const tile: Rect = { x: right - side, y: bottom - side, w: side, h: side };
    const urlX = tile.x - Math.round(o.urlSize * 0.5) - urlW;
    b.qr(matrix, tile.x, tile.y, modulePx, o.dark, o.light);
    b.lines('url', lines, urlX, bottom - urlH, urlW, 'right', { size: o.urlSize, weight: LABEL_WEIGHT, color: o.text, bg: o.bg });
    return { tile, url: { x: urlX, y: bottom - urlH, w: urlW, h: urlH } };
  }
  const tile: Rect = { x: right - side, y: bottom - urlH - gap - side, w: side, h: side };
  const urlX = urlW <= side ? Math.round(tile.x + (side - urlW) / 2) : right - urlW;
  b.qr(matrix, tile.x, tile.y, modulePx, o.dark, o.light);
  b.lines('url', lines, urlX, bottom - urlH, urlW, urlW <= side ? 'center' : 'right', { size: o.urlSize, weight: LABEL_WEIGHT, color: o.text, bg: o.bg });
  return { tile, url: { x: urlX, y: bottom - urlH, w: urlW, h: urlH } };
}
