import { breakInto } from './line-break.ts';
import { tooLongError, type TextRole } from './messages.ts';
import type { Profile } from './profiles.ts';
import { HERO_TRACKING, emBound } from './style.ts';

// The ultra-wide bar shows one line only. A text too long for one legible line becomes two (or more) images,
// one per half, which the player shows in turn: never a second line on the bar.

/** Geometry of a bar, shared by the planner (to choose the parts) and the layout (to draw them). */
export interface BarGeometry {
  /** The label block at the left, sized for its longest line at the profile's minimum. */
  readonly labelWidth: number;
  readonly gap: number;
  /** The hero's box: what is left of the safe area right of the label. */
  readonly heroX: number;
  readonly heroWidth: number;
  /** Largest hero size: 65 % of the bar's height. */
  readonly heroMax: number;
  /** Smallest hero size for the whole text on one line; below this the halves get their own images. */
  readonly heroFloor: number;
}

export function barLabelLines(year: number, editionName: string, sample: boolean, preview: boolean): string[] {
  return [`${year}年${editionName}`, '“质量月”', ...(sample ? ['示例'] : []), ...(preview ? ['预览'] : [])];
}

export function barGeometry(profile: Profile, labelLines: readonly string[]): BarGeometry {
  const safeWidth = profile.width - profile.safe.left - profile.safe.right;
  const labelWidth = Math.ceil(Math.max(...labelLines.map((l) => emBound(l))) * profile.minCharPx);
  const gap = Math.round(profile.height * 0.15);
  const heroX = profile.safe.left + labelWidth + gap;
  return {
    labelWidth,
    gap,
    heroX,
    heroWidth: safeWidth - labelWidth - gap,
    heroMax: Math.floor(profile.height * 0.65),
    heroFloor: Math.max(profile.minCharPx, Math.round(profile.height * 0.25)),
  };
}

/** The texts of the bar's images: [text] when it reads on one line, else its halves (or balanced phrase groups). */
export function barParts(text: string, profile: Profile, labelLines: readonly string[], role: TextRole): string[] {
  const g = barGeometry(profile, labelLines);
  const fitsAt = (line: string, size: number) => emBound(line, HERO_TRACKING) * size <= g.heroWidth;
  if (fitsAt(text, g.heroFloor)) return [text];
  const measure = (l: string) => emBound(l, HERO_TRACKING);
  for (const size of [g.heroFloor, profile.minCharPx]) {
    // Phrases; then, for a text with a Latin word or number too long for one image, breaks inside it (after . / - :
    // first) as the last resort. A Chinese text is never cut between the characters of a phrase across images.
    for (const level of /[A-Za-z0-9]{2}/.test(text) ? (['phrase', 'anywhere'] as const) : (['phrase'] as const)) {
      for (let k = 2; k <= 4; k++) {
        const parts = breakInto(text, k, measure, level);
        if (parts && parts.every((p) => fitsAt(p, size))) return parts;
      }
    }
  }
  const widest = Math.ceil(emBound(text, HERO_TRACKING) * profile.minCharPx);
  throw tooLongError(role, text, profile, `在 ${profile.minCharPx} px 时即使分成 4 张图，每张也放不下一行（整句约需 ${widest} px 宽，每张只有 ${g.heroWidth} px）`);
}
