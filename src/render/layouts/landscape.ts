import type { Fonts } from '../fonts.ts';
import type { RenderJob } from '../job.ts';
import { LABEL_WEIGHT, PALETTE } from '../style.ts';
import { DARK, LIGHT, blockHeight, footerLines, hero, labelRow, qrCorner, safeRect } from './parts.ts';
import { SceneBuilder, type Scene } from './scene.ts';

// Landscape 16:9 (school and platform screens, Open Graph card): label at the top left, the hero in two lines
// in the middle band, the footer along the bottom edge; on share cards a QR column at the bottom right.

export function landscape(job: RenderJob, fonts: Fonts): Scene {
  const light = job.profile.qr;
  const v = light ? LIGHT : DARK;
  const b = new SceneBuilder(job.width, job.height, v.bg, fonts);
  const s = safeRect(job);
  const min = job.profile.minCharPx;
  const labelSize = Math.max(min, Math.round(job.height * 0.045));
  const footSize = Math.max(min, Math.round(job.height * 0.032));
  const gap = Math.round(job.height * 0.04);

  // Label row; on light cards it sits in a deep-blue band that runs to the top edge.
  const rowH = light ? Math.ceil(labelSize * 1.3) : 0;
  const bandBottom = light ? s.y + rowH + Math.round(labelSize * 0.5) : 0;
  if (light) b.rect({ x: 0, y: 0, w: job.width, h: bandBottom }, v.band);
  const labelH = labelRow(b, job, s.x, s.y, s.w, labelSize, v.band);
  const accentY = light ? bandBottom : s.y + labelH + Math.round(labelSize * 0.3);
  const accentH = Math.max(4, Math.round(labelSize * 0.14));
  b.rect({ x: light ? 0 : s.x, y: accentY, w: light ? job.width : Math.round(labelSize * 3), h: accentH }, v.accent);
  const top = accentY + accentH + gap;

  // QR code at the bottom right (share cards); its URL may run wider than the code, to the left.
  let heroRight = s.x + s.w;
  let footRight = s.x + s.w;
  let urlTop = Infinity;
  if (job.url) {
    const q = qrCorner(b, job, s.x + s.w, s.y + s.h, { tileMax: Math.round(s.w * 0.3), urlMaxW: Math.round(s.w * 0.45), maxH: s.y + s.h - top, urlSize: min, dark: PALETTE.ink, light: PALETTE.paper, text: v.footer, bg: v.bg });
    heroRight = q.tile.x - gap;
    footRight = Math.min(q.tile.x, q.url.x) - gap;
    if (q.url.x < heroRight) urlTop = q.url.y;
  }

  const footW = footRight - s.x;
  const foot = footerLines(job, footW, footSize, fonts);
  const footH = Math.ceil(blockHeight(foot.length, footSize));
  b.lines('footer', foot, s.x, s.y + s.h - footH, footW, 'left', { size: footSize, weight: LABEL_WEIGHT, color: v.footer, bg: v.bg });

  const heroBottom = Math.min(s.y + s.h - footH, urlTop) - gap;
  const heroBox = { x: s.x, y: top, w: heroRight - s.x, h: heroBottom - top };
  hero(b, job, heroBox, { maxLines: 2, color: v.hero, bg: v.bg, align: 'left' });
  return b.build();
}
