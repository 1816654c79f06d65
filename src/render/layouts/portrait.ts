import type { Fonts } from '../fonts.ts';
import type { RenderJob } from '../job.ts';
import { LABEL_WEIGHT, PALETTE } from '../style.ts';
import { DARK, LIGHT, blockHeight, footerLines, hero, labelRow, qrCorner, safeRect, type Variant } from './parts.ts';
import { SceneBuilder, type Scene } from './scene.ts';

// Portrait 9:16 (class cards, elevators, Moments) and print: the label in the top fifth, the hero stacked in the
// middle (up to 4 lines, each half of a slogan on its own lines), the footer and any QR code in the bottom quarter.

export interface PortraitOptions {
  readonly variant: Variant;
  /** Label size as a share of the width (raised to the profile's minimum). */
  readonly labelShare: number;
  readonly footShare: number;
}

export function portraitScene(job: RenderJob, fonts: Fonts, o: PortraitOptions): Scene {
  const v = o.variant;
  const light = v === LIGHT;
  const b = new SceneBuilder(job.width, job.height, v.bg, fonts);
  const s = safeRect(job);
  const min = job.profile.minCharPx;
  const labelSize = Math.max(min, Math.round(job.width * o.labelShare));
  const footSize = Math.max(min, Math.round(job.width * o.footShare));
  const gap = Math.round(job.height * 0.03);

  const rowH = Math.ceil(labelSize * 1.3);
  const bandBottom = light ? s.y + rowH + Math.round(labelSize * 0.6) : 0;
  if (light) b.rect({ x: 0, y: 0, w: job.width, h: bandBottom }, v.band);
  const labelH = labelRow(b, job, s.x, s.y, s.w, labelSize, v.band);
  const accentH = Math.max(6, Math.round(labelSize * 0.14));
  const accentY = light ? Math.max(bandBottom, s.y + labelH) : s.y + labelH + Math.round(labelSize * 0.35);
  b.rect({ x: light ? 0 : s.x, y: accentY, w: light ? job.width : Math.round(labelSize * 3), h: accentH }, v.accent);
  const top = accentY + accentH + gap;
  const bottom = s.y + s.h;

  // Bottom quarter: the footer at the left, the QR block at the right on share cards.
  let footW = s.w;
  let lowTop = bottom;
  if (job.url) {
    const q = qrCorner(b, job, s.x + s.w, bottom, { tileMax: Math.round(s.w * 0.4), urlMaxW: Math.round(s.w * 0.6), maxH: Math.round(job.height * 0.3), urlSize: min, dark: PALETTE.ink, light: PALETTE.paper, text: v.footer, bg: v.bg });
    footW = Math.min(q.tile.x, q.url.x) - gap - s.x;
    lowTop = q.tile.y;
  }
  const foot = footerLines(job, footW, footSize, fonts);
  const footH = Math.ceil(blockHeight(foot.length, footSize));
  b.lines('footer', foot, s.x, bottom - footH, footW, 'left', { size: footSize, weight: LABEL_WEIGHT, color: v.footer, bg: v.bg });
  lowTop = Math.min(lowTop, bottom - footH);

  hero(b, job, { x: s.x, y: top, w: s.w, h: lowTop - gap - top }, { maxLines: 4, color: v.hero, bg: v.bg, align: 'left' });
  return b.build();
}

export function portrait(job: RenderJob, fonts: Fonts): Scene {
  return portraitScene(job, fonts, { variant: job.profile.qr ? LIGHT : DARK, labelShare: 0.045, footShare: 0.034 });
}
