import type { Fitted } from '../fit.ts';
import type { Fonts } from '../fonts.ts';
import type { RenderJob } from '../job.ts';
import { RenderError } from '../../errors.ts';
import { LABEL_WEIGHT, PALETTE } from '../style.ts';
import { LIGHT, NoRoomForQr, blockHeight, footerLines, hero, labelRow, qrCorner, safeRect } from './parts.ts';
import { SceneBuilder, type Rect, type Scene } from './scene.ts';
import { MIN_MODULE_PX, qrMatrix, tileModules } from '../qr.ts';
import { FILL_MIN, isBalanced } from '../balance.ts';

// Square and 5:4 share cards: the label band on top, the QR block at the bottom right with its quiet zone, the
// footer beside it, and the hero centred in the larger of the two free areas (above the QR block, or beside it).

export function square(job: RenderJob, fonts: Fonts): Scene {
  const v = LIGHT;
  const s = safeRect(job);
  const min = job.profile.minCharPx;
  const short = Math.min(job.width, job.height);
  const labelSize = Math.max(min, Math.round(short * 0.045));
  const footSize = Math.max(min, Math.round(short * 0.032));
  const gap = Math.round(short * 0.035);

  const draw = (heroArea: 'above' | 'beside', heroGap = gap, urlBeside = false): { scene: Scene; fitted: Fitted } => {
    const b = new SceneBuilder(job.width, job.height, v.bg, fonts);
    const rowH = Math.ceil(labelSize * 1.3);
    const bandBottom = s.y + rowH + Math.round(labelSize * 0.5);
    b.rect({ x: 0, y: 0, w: job.width, h: bandBottom }, v.band);
    const labelH = labelRow(b, job, s.x, s.y, s.w, labelSize, v.band);
    const accentY = Math.max(bandBottom, s.y + labelH);
    const accentH = Math.max(4, Math.round(labelSize * 0.14));
    b.rect({ x: 0, y: accentY, w: job.width, h: accentH }, v.accent);
    const top = accentY + accentH + gap;
    const bottom = s.y + s.h;

    const minTile = MIN_MODULE_PX * tileModules(qrMatrix(job.url!, job.qrAttempt));
    const tileMax = Math.max(Math.round(s.w * 0.3), minTile);
    const urlMaxW = urlBeside ? s.w - minTile - gap : Math.round(s.w * 0.75);
    const q = qrCorner(b, job, s.x + s.w, bottom, { tileMax, urlMaxW, maxH: bottom - top, urlSize: min, dark: PALETTE.ink, light: PALETTE.paper, text: v.footer, bg: v.bg, urlBeside });
    // The footer sits left of the URL when there is room, else above it, left of the code.
    const besideUrl = Math.min(q.url.x, q.tile.x) - gap - s.x >= s.w * 0.4;
    const footW = (besideUrl ? Math.min(q.url.x, q.tile.x) : q.tile.x) - gap - s.x;
    const footBottom = besideUrl ? bottom : q.url.y - gap;
    const foot = footerLines(job, footW, footSize, fonts);
    const footH = Math.ceil(blockHeight(foot.length, footSize));
    b.lines('footer', foot, s.x, footBottom - footH, footW, 'left', { size: footSize, weight: LABEL_WEIGHT, color: v.footer, bg: v.bg });
    const footTop = footBottom - footH;
    const area: Rect =
      heroArea === 'above'
        ? { x: s.x, y: top, w: s.w, h: Math.min(q.tile.y, footTop) - gap - top }
        : { x: s.x, y: top, w: q.tile.x - heroGap - s.x, h: footTop - gap - top };
    const fitted = hero(b, job, area, { maxLines: 4, color: v.hero, bg: v.bg, align: 'center' });
    return { scene: b.build(), fitted };
  };

  // The audit's balance and fill rules (balance.ts) rank before size. When neither area sets the hero balanced,
  // the hero may come closer to the code: the tile's own quiet zone (4 modules of paper) keeps it clear of the
  // code. So 质量月（2024年9月） 共建质量强国 on the 500×400 card reads 质量月（2024年9月） / 共建质量强国, not
  // 质量月 / （2024年9月） / 共建质量强国.
  const safeArea = s.w * s.h;
  const rank = ({ fitted: f }: { fitted: Fitted }) => (isBalanced(f.lines) ? 2 : 0) + (Math.max(...f.widths) * f.height >= FILL_MIN * safeArea ? 1 : 0);
  type Drawn = { scene: Scene; fitted: Fitted };
  let best: Drawn | undefined;
  let lastError: unknown;
  // Each arrangement, and when it is tried: the two usual ones always (the larger type wins between equal ranks);
  // the fallbacks only while they can still help, and then only a better rank replaces what is there.
  const attempts: { draw: () => Drawn; when: (best: Drawn | undefined) => boolean; fallback: boolean }[] = [
    { draw: () => draw('above'), when: () => true, fallback: false },
    // 'beside' after 'above': when neither fits, its error (the roomier area on small cards) is the one reported.
    { draw: () => draw('beside'), when: () => true, fallback: false },
    { draw: () => draw('beside', Math.round(gap / 2)), when: (b) => !b || rank(b) < 3, fallback: true },
    // A long URL (a long edition name) needs a larger code than fits above its URL on the 500×400 card: the URL then
    // goes left of the code, under the footer, and the code takes the corner's whole height.
    { draw: () => draw('beside', gap, true), when: (b) => !b, fallback: true },
  ];
  for (const { draw: attempt, when, fallback } of attempts) {
    if (!when(best)) continue;
    try {
      const drawn = attempt();
      if (!best || rank(drawn) > rank(best) || (!fallback && rank(drawn) === rank(best) && drawn.fitted.size > best.fitted.size)) best = drawn;
    } catch (error) {
      if (!(error instanceof RenderError) && !(error instanceof NoRoomForQr)) throw error;
      // A fallback's error replaces only one that says less (no room for the code, rather than the text's own 口号过长).
      if (!fallback || !(lastError instanceof RenderError)) lastError = error;
    }
  }
  if (!best) throw lastError;
  return best.scene;
}
