import type { Fonts } from '../fonts.ts';
import type { RenderJob } from '../job.ts';
import { LABEL_WEIGHT, PALETTE, SMALL_LINE_HEIGHT } from '../style.ts';
import { LIGHT, blockHeight, hero, markers, qrCorner, safeRect } from './parts.ts';
import { SceneBuilder, wrapSmall, type Scene } from './scene.ts';
import { MIN_MODULE_PX, qrMatrix, tileModules } from '../qr.ts';

// 公众号 cover (2.35:1): WeChat also shows the centre square as a 1:1 crop, so the hero lives in that square.
// Left wing: a deep-blue panel with the label and the issuer. Right wing: the QR code and its URL.

export function cover(job: RenderJob, fonts: Fonts): Scene {
  const v = LIGHT;
  const b = new SceneBuilder(job.width, job.height, v.bg, fonts);
  const s = safeRect(job);
  const min = job.profile.minCharPx;
  const size = min;
  const sq = { x0: (job.width - job.height) / 2, x1: (job.width + job.height) / 2 };
  const pad = Math.round(job.height * 0.04);

  // Left wing panel, to the edge of the centre square.
  const panelW = Math.floor(sq.x0) - pad;
  b.rect({ x: 0, y: 0, w: panelW, h: job.height }, v.band);
  b.rect({ x: panelW, y: 0, w: Math.max(4, Math.round(size * 0.14)), h: job.height }, v.accent);
  const innerW = panelW - s.x - pad;
  const labelLines = [`${job.year}年${job.editionName}`, '“质量月”'].flatMap((t) => wrapSmall(t, innerW, size, LABEL_WEIGHT, fonts));
  let y = s.y;
  y += b.lines('label', labelLines, s.x, y, innerW, 'left', { size, weight: LABEL_WEIGHT, color: PALETTE.gold, bg: v.band });
  for (const m of markers(job)) y += b.tag(m.text, s.x, Math.round(y + size * 0.25), size, m.fg, m.bg).h + Math.round(size * 0.25);
  const issuer = wrapSmall(job.issuer, innerW, size, LABEL_WEIGHT, fonts);
  const issuerH = Math.ceil(blockHeight(issuer.length, size, SMALL_LINE_HEIGHT));
  b.lines('footer', issuer, s.x, s.y + s.h - issuerH, innerW, 'left', { size, weight: LABEL_WEIGHT, color: PALETTE.white, bg: v.band });

  // Right wing: the QR code. A URL too long for the wing runs left under the hero, at the bottom.
  const tileMax = Math.max(Math.round(s.x + s.w - sq.x1), MIN_MODULE_PX * tileModules(qrMatrix(job.url!, job.qrAttempt)));
  const q = qrCorner(b, job, s.x + s.w, s.y + s.h, { tileMax, urlMaxW: Math.round(s.x + s.w - sq.x0 - pad), maxH: s.h, urlSize: size, dark: PALETTE.ink, light: PALETTE.paper, text: v.footer, bg: v.bg });

  // Hero: centred on the card's centre line, inside the square and clear of both wings.
  const right = Math.min(sq.x1 - pad, q.tile.x - pad);
  const left = Math.max(sq.x0 + pad, job.width - right, panelW + pad);
  const half = Math.min(job.width / 2 - left, right - job.width / 2);
  const heroBottom = q.url.x < job.width / 2 + half ? q.url.y - pad : s.y + s.h;
  hero(b, job, { x: Math.ceil(job.width / 2 - half), y: s.y, w: Math.floor(2 * half), h: heroBottom - s.y }, { maxLines: 4, color: v.hero, bg: v.bg, align: 'center' });
  return b.build();
}
