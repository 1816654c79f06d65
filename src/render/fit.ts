import type { Fonts } from './fonts.ts';
import { BALANCE_MIN, FILL_MIN, balanceRatio, isBalanced } from './balance.ts';
import { breakFlow, breakInto, segmentsOf, type BreakLevel } from './line-break.ts';
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
  /** The profile's safe area in px² (for the fill rule); without it every break counts as filling. */
  readonly safeArea?: number;
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
  /** Every line holds whole halves of the text (no half is broken). */
  whole: boolean;
  /** No line shorter than BALANCE_MIN of the longest (balance.ts). */
  balanced: boolean;
  /** The block covers at least FILL_MIN of the safe area (always true when the spec gives no safe area). */
  fills: boolean;
  /** A Chinese text's lines flow across a half's end (only when no layout of whole or split halves is balanced). */
  flow: boolean;
}

/** Clause marks after which an unspaced text already breaks by itself (、 joins words inside a clause: not one). */
const CLAUSE_MARK = /[，。；：！？,;:!?]/;

/**
 * The text the breaker works on: the text itself, or — for a text with neither a space nor a clause mark — the
 * text with a virtual space at its best balanced two-line phrase break (坚持质量第一|建设质量强国), so that it is set
 * exactly like the same slogan written with the space. The virtual space is never drawn.
 */
function workingText(text: string, measureEm: (line: string) => number): { work: string; virtual: boolean } {
  if (text.includes(' ') || CLAUSE_MARK.test(text)) return { work: text, virtual: false };
  const two = breakInto(text, 2, measureEm, 'phrase');
  if (!two || !isBalanced(two) || balanceRatio(two) < 0.75) return { work: text, virtual: false };
  return { work: two.join(' '), virtual: true };
}

/** Offsets in `norm` (the text with single spaces) where each line but the last ends. */
function lineEnds(norm: string, lines: readonly string[]): number[] {
  const ends: number[] = [];
  let offset = 0;
  for (const line of lines) {
    const at = norm.indexOf(line, offset);
    offset = (at < 0 ? offset : at) + line.length;
    ends.push(offset);
  }
  return ends.slice(0, -1);
}

/** A break of a text into lines (in em), and whether its lines may flow across the text's halves. */
type Break = readonly [lines: string[] | undefined, flow: boolean];

/**
 * The em-unit breaks of `work` at one level and line count: pure functions of the text, the fonts and the weight and
 * tracking, so they are remembered per Fonts object. A slogan is set on every profile of a kit with the same few
 * weights, and the dynamic programmes behind them cost ~15 ms a text (issue 11). At most BREAK_MEMO texts are kept
 * per Fonts (the maker's fonts live as long as the page).
 */
const breakMemo = new WeakMap<Fonts, Map<string, Break[]>>();
const BREAK_MEMO = 4096;

function emBreaks(work: string, k: number, level: BreakLevel, spec: FitSpec, fonts: Fonts): Break[] {
  let memo = breakMemo.get(fonts);
  if (!memo) breakMemo.set(fonts, (memo = new Map()));
  const key = `${spec.weight}\u0000${spec.tracking ?? 0}\u0000${level}\u0000${k}\u0000${work}`;
  let breaks = memo.get(key);
  if (!breaks) {
    const measureEm = (line: string) => fonts.visual(line, 1, spec.weight, spec.tracking);
    // Halves on their own lines; the same with every line at least BALANCE_MIN of the widest (the best balanced
    // break, when the cheapest is ragged); and for a text with Latin words or numbers, lines that flow across its
    // halves (a URL sentence).
    breaks = [[breakInto(work, k, measureEm, level), false]];
    if (k > 1) breaks.push([breakInto(work, k, measureEm, level, Infinity, BALANCE_MIN), false]);
    breaks.push([breakFlow(work, k, measureEm, level), true]);
    if (k > 1) breaks.push([breakFlow(work, k, measureEm, level, Infinity, BALANCE_MIN), true]);
    if (memo.size >= BREAK_MEMO) memo.clear();
    memo.set(key, breaks);
  }
  return breaks;
}

function candidates(work: string, spec: FitSpec, fonts: Fonts, levels: readonly BreakLevel[]): Candidate[] {
  const measureEm = (line: string) => fonts.visual(line, 1, spec.weight, spec.tracking);
  const segments = segmentsOf(work);
  const norm = segments.join(' ');
  const halfEnds = new Set<number>();
  let at = 0;
  for (const seg of segments.slice(0, -1)) halfEnds.add((at += seg.length + 1) - 1);
  const seen = new Set<string>();
  const out: Candidate[] = [];
  const mixed = /[A-Za-z0-9]{2}/.test(work);
  for (const level of levels) {
    for (let k = 1; k <= spec.maxLines; k++) {
      const breaks = emBreaks(work, k, level, spec, fonts);
      for (const [lines, flow] of breaks) {
        if (!lines || seen.has(lines.join('\n'))) continue;
        seen.add(lines.join('\n'));
        const emWidth = Math.max(...lines.map(measureEm));
        // A hair of slack so float error never turns an exact fit into an overflow.
        const size = Math.floor(Math.min(spec.maxPx, (spec.w - 0.01) / emWidth, spec.h / (k * spec.lineHeight)));
        const whole = lineEnds(norm, lines).every((end) => halfEnds.has(end));
        const fills = spec.safeArea === undefined || (emWidth * size * k * spec.lineHeight * size) / spec.safeArea >= FILL_MIN;
        out.push({ lines, emWidth, size, whole, balanced: isBalanced(lines), fills, flow: flow && !mixed });
      }
    }
  }
  return out;
}

/** Fewer lines unless more lines give type at least `gain` times larger; at one line count, the largest type. */
function choose(cands: readonly Candidate[], gain: number): Candidate | undefined {
  const byCount = new Map<number, Candidate>();
  for (const c of cands) {
    const cur = byCount.get(c.lines.length);
    if (!cur || c.size > cur.size) byCount.set(c.lines.length, c);
  }
  let best: Candidate | undefined;
  for (const k of [...byCount.keys()].sort((a, b) => a - b)) {
    const c = byCount.get(k)!;
    if (!best || c.size >= best.size * gain) best = c;
  }
  return best;
}

/**
 * Fits `text` to the box, or throws the too-long error naming the text, the profile and what it would need.
 * Among the breaks that reach the profile's minimum size, in this order of preference: each half of the text
 * whole on its lines, balanced and filling the safe area; then any balanced break that fills (a half split into
 * balanced lines, or a mixed-script text flowing across its spaces, a long Latin token broken after . / - :);
 * then any balanced break; then any break at all (the audit then reports the imbalance). Breaks inside a Latin word
 * or number (after . / - : first, then anywhere) are tried only when nothing else reaches the minimum size.
 */
export function fitText(text: string, spec: FitSpec, fonts: Fonts, role: TextRole, profile: Profile): Fitted {
  const gain = spec.moreLinesGain ?? 1.25;
  const measureEm = (line: string) => fonts.visual(line, 1, spec.weight, spec.tracking);
  const { work, virtual } = workingText(text, measureEm);
  // Phrase breaks first, character breaks next; breaks inside a Latin word or number are the last resort, only
  // when no other break reaches the minimum size.
  const byLevel = [candidates(work, spec, fonts, ['phrase']), candidates(work, spec, fonts, ['char'])];
  if (!byLevel.flat().some((c) => c.size >= spec.minPx)) byLevel.push(candidates(work, spec, fonts, ['anywhere']));
  const all = byLevel.flat();
  const ok = (cands: readonly Candidate[]) => cands.filter((c) => c.size >= spec.minPx && !c.flow);
  const okFlow = (cands: readonly Candidate[]) => cands.filter((c) => c.size >= spec.minPx);
  const tiers = [
    ...byLevel.map((cands) => ok(cands).filter((c) => c.whole && c.balanced && c.fills)),
    ...byLevel.map((cands) => ok(cands).filter((c) => c.balanced && c.fills)),
    ...byLevel.map((cands) => ok(cands).filter((c) => c.balanced)),
    // A Chinese text whose halves cannot be set balanced even when split (a long and a short half on a small card)
    // flows across its space instead: 提升产品、工程和 / 服务质量 推动经济 / 高质量发展.
    ...byLevel.map((cands) => okFlow(cands).filter((c) => c.balanced && c.fills)),
    ...byLevel.map((cands) => okFlow(cands).filter((c) => c.balanced)),
    okFlow(all),
  ];
  for (const tier of tiers) {
    const best = choose(tier, gain);
    if (!best) continue;
    let { lines, size } = best;
    if (virtual) {
      // The virtual space is not drawn: the line that held it is set without it, at the size its real width allows.
      lines = lines.map((l) => l.replace(/ /g, ''));
      const emWidth = Math.max(...lines.map(measureEm));
      size = Math.max(size, Math.floor(Math.min(spec.maxPx, (spec.w - 0.01) / emWidth, spec.h / (lines.length * spec.lineHeight))));
    }
    const widths = lines.map((l) => fonts.visual(l, size, spec.weight, spec.tracking));
    return { size, lines, widths, height: lines.length * spec.lineHeight * size };
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
