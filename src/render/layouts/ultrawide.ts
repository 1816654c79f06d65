import { barGeometry, barLabelLines } from '../bar-parts.ts';
import { fitOneLine } from '../fit.ts';
import type { Fonts } from '../fonts.ts';
import type { RenderJob } from '../job.ts';
import { tooLongError } from '../messages.ts';
import { HERO_LINE_HEIGHT, HERO_TRACKING, HERO_WEIGHT, LABEL_WEIGHT, SMALL_LINE_HEIGHT } from '../style.ts';
import { DARK, roleOf, safeRect } from './parts.ts';
import { SceneBuilder, type Scene } from './scene.ts';

// Ultra-wide bar (metro carriage 1920×360): one line only. The label is a small block at the left, then a red
// rule, then the hero, as large as fits up to 65 % of the bar's height, centred in what is left.
// Texts too long for one legible line were split by the planner into parts, one image each.

export function ultrawide(job: RenderJob, fonts: Fonts): Scene {
  const v = DARK;
  const b = new SceneBuilder(job.width, job.height, v.bg, fonts);
  const s = safeRect(job);
  const min = job.profile.minCharPx;
  const labelLines = barLabelLines(job.year, job.editionName, job.sample, job.preview);
  const g = barGeometry(job.profile, labelLines);

  const labelH = blockH(labelLines.length, min);
  const labelTop = Math.round(s.y + (s.h - labelH) / 2);
  b.lines('label', labelLines, s.x, labelTop, g.labelWidth, 'left', { size: min, weight: LABEL_WEIGHT, color: v.label, bg: v.bg });
  const ruleW = Math.max(6, Math.round(min * 0.14));
  b.rect({ x: s.x + g.labelWidth + Math.round((g.gap - ruleW) / 2), y: s.y, w: ruleW, h: s.h }, v.accent);

  const size = fitOneLine(job.text, g.heroWidth, min, Math.min(g.heroMax, Math.floor(s.h / HERO_LINE_HEIGHT)), HERO_WEIGHT, HERO_TRACKING, fonts);
  if (size === undefined) throw tooLongError(roleOf(job), job.text, job.profile, `排成一行需要 ${Math.ceil(fonts.visual(job.text, min, HERO_WEIGHT, HERO_TRACKING))} px 宽，可用 ${g.heroWidth} px`);
  const w = fonts.visual(job.text, size, HERO_WEIGHT, HERO_TRACKING);
  const x = Math.round(g.heroX + (g.heroWidth - w) / 2);
  const y = Math.round(s.y + (s.h - size * HERO_LINE_HEIGHT) / 2);
  b.text('hero', job.text, x, y, { size, weight: HERO_WEIGHT, color: v.hero, bg: v.bg, tracking: HERO_TRACKING, lineHeight: HERO_LINE_HEIGHT });
  b.heroLines = [job.text];
  return b.build();
}

const blockH = (n: number, size: number) => Math.ceil(n * SMALL_LINE_HEIGHT * size);
