import type { Fonts } from './fonts.ts';
import { breakCandidates, type BreakLevel } from './line-break.ts';
import { tooLongError, type TextRole } from './messages.ts';
import type { Profile } from './profiles.ts';
import type { Weight } from './style.ts';

// Auto-fit: the largest whole-pixel type at which the broken lines fit the box, measured with the font's real
// advances. Never clipped, never overflowing, never below the profile's minimum: a text that cannot fit fails.
// "Character height" throughout is the font size in px: a CJK character is designed on a 1 em square.

export interface FitSpec {
  /** Width and height available to the text block. */
  readonly w: number;
  readonly h: number;
  readonly maxLines: number;
  readonly minPx: number;
  readonly maxPx: number;
  readonly weight: Weight;
  readonly tracking: number;
  readonly lineHeight: number;
  /** A break with more lines is chosen only if its type is at least this much larger (default 1.25). */
  readonly moreLinesGain?: number;
}

export interface Fitted {
  readonly size: number;
  readonly lines: readonly string[];
  /** Visual width of each line in px (no trailing letter-spacing, no blank halves of end punctuation). */
  readonly widths: readonly number[];
  /** Height of the block: lines × line height × size. */
  readonly height: number;
}

interface Candidate {
  lines: string[];
  emWidth: number;
  size: number;
}

function candidates(text: string, spec: FitSpec, fonts: Fonts, level: BreakLevel): Candidate[] {
  const measureEm = (line: string) => fonts.visual(line, 1, spec.weight, spec.tracking);
  const out: Candidate[] = [];
  for (const [i, lines] of breakCandidates(text, spec.maxLines, measureEm, level).entries()) {
    if (!lines) continue;
    const emWidth = Math.max(...lines.map(measureEm));
    // A hair of slack so float error never turns an exact fit into an overflow.
    const size = Math.floor(Math.min(spec.maxPx, (spec.w - 0.01) / emWidth, spec.h / ((i + 1) * spec.lineHeight)));
    out.push({ lines, emWidth, size });
  }
  return out;
}

function choose(cands: readonly Candidate[], gain: number): Candidate | undefined {
  let best: Candidate | undefined;
  for (const c of cands) if (!best || c.size >= best.size * gain) best = c;
  return best;
}

/** Fits `text` to the box, or throws the too-long error naming the text, the profile and what it would need. */
export function fitText(text: string, spec: FitSpec, fonts: Fonts, role: TextRole, profile: Profile): Fitted {
  const gain = spec.moreLinesGain ?? 1.25;
  let all: Candidate[] = [];
  for (const level of ['phrase', 'char'] as const) {
    const cands = candidates(text, spec, fonts, level);
    all = all.concat(cands);
    const best = choose(cands.filter((c) => c.size >= spec.minPx), gain);
    if (best) {
      const widths = best.lines.map((l) => fonts.visual(l, best.size, spec.weight, spec.tracking));
      return { size: best.size, lines: best.lines, widths, height: best.lines.length * spec.lineHeight * best.size };
    }
  }
  // Report the break that comes closest to fitting at the minimum size.
  const overflow = (c: Candidate) => Math.max((c.emWidth * spec.minPx) / spec.w, (c.lines.length * spec.lineHeight * spec.minPx) / spec.h);
  const nearest = all.reduce<Candidate | undefined>((a, c) => (!a || overflow(c) < overflow(a) ? c : a), undefined);
  if (!nearest) throw tooLongError(role, text, profile, `无法断行`);
  const needW = Math.ceil(nearest.emWidth * spec.minPx);
  const needH = Math.ceil(nearest.lines.length * spec.lineHeight * spec.minPx);
  throw tooLongError(
    role,
    text,
    profile,
    `在 ${spec.minPx} px 字高时排成 ${nearest.lines.length} 行需要 ${needW}×${needH} px，版面只有 ${Math.floor(spec.w)}×${Math.floor(spec.h)} px`,
  );
}

/** The size at which one fixed line fills `w` (capped to `maxPx`), or undefined below `minPx`. */
export function fitOneLine(text: string, w: number, minPx: number, maxPx: number, weight: Weight, tracking: number, fonts: Fonts): number | undefined {
  const size = Math.floor(Math.min(maxPx, (w - 0.01) / fonts.visual(text, 1, weight, tracking)));
  return size >= minPx ? size : undefined;
}
