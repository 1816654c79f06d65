import { loadDefaultSimplifiedChineseParser } from 'budoux';
import { clreqForbids } from './clreq.ts';

// Chinese line breaking after W3C clreq (Requirements for Chinese Text Layout) and GB/T 15834.
// We break lines ourselves and hand satori finished lines: its own breaker allows a break before — · ～.

export { NO_LINE_END, NO_LINE_START, clreqViolation } from './clreq.ts';

const ALNUM = /[A-Za-z0-9]/;
const HAN = /\p{Script=Han}/u;

/**
 * How finely a text may be broken: at budoux phrases (never inside a word), between any characters clreq allows
 * (never inside a number or a Latin word), or — the last resort, like CSS `overflow-wrap: anywhere` — also inside
 * a Latin word or number, after . / - : first (see breakCost), still never against the clreq table.
 */
export type BreakLevel = 'phrase' | 'char' | 'anywhere';

/** Width of one line, in any unit (em or px); must include letter-spacing if the renderer adds it. */
export type Measure = (line: string) => number;

// budoux's parser is immutable model data (no per-call state), so one instance per process is safe to share.
let parser: ReturnType<typeof loadDefaultSimplifiedChineseParser> | undefined;
function parsePhrases(segment: string): string[] {
  parser ??= loadDefaultSimplifiedChineseParser();
  return parser.parse(segment);
}

/** Re-joins consecutive lines cut from `text`, keeping the text's own spaces where a break fell on one. */
export function joinLines(text: string, lines: readonly string[]): string {
  let rest = text.slice(Math.max(0, text.indexOf(lines[0] ?? '')));
  let out = '';
  for (const line of lines) {
    const trimmed = rest.replace(/^ +/, '');
    if (out && trimmed.length < rest.length) out += ' ';
    if (!trimmed.startsWith(line)) throw new Error(`Internal error: line 「${line}」 is not the next part of 「${text}」`);
    out += line;
    rest = trimmed.slice(line.length);
  }
  return out;
}

/**
 * The parts of a text between its spaces: a slogan's two halves. A space where clreq forbids a break (before
 * 」 or }, after “ or {) is not a break: the words on either side stay one part, the space inside it.
 */
export function segmentsOf(text: string): string[] {
  const out: string[] = [];
  for (const word of text.split(' ')) {
    if (word.length === 0) continue;
    const prev = out[out.length - 1];
    if (prev !== undefined && clreqForbids([...prev].pop(), [...word][0])) out[out.length - 1] = `${prev} ${word}`;
    else out.push(word);
  }
  return out;
}

/**
 * Words never split across lines although budoux and ICU both allow it: the campaign's own vocabulary
 * (助推|高质量 is parsed as 助推高|质量 by both).
 */
export const PROTECTED_WORDS: readonly string[] = ['高质量', '高水平', '高标准', '新优势', '新动能', '新发展格局', '新发展'];

// ICU's dictionary word segmenter (built into Node); a budoux boundary inside an ICU word is dropped (美|好 in 美好).
const wordSegmenter = new Intl.Segmenter('zh-Hans', { granularity: 'word' });

/**
 * Offsets (in UTF-16 units) where a segment may break: budoux boundaries on ICU word boundaries, minus protected
 * words. A budoux boundary that falls inside an ICU word moves to that word's start: budoux reads 新发展格局助|推
 * where the words are 格局|助推, and the phrase boundary a reader sees is before 助推.
 */
function phraseBoundaries(segment: string): number[] {
  const starts = [...wordSegmenter.segment(segment)].map((s) => s.index);
  const icu = new Set(starts);
  const inside = new Set<number>();
  for (const word of PROTECTED_WORDS) for (let at = segment.indexOf(word); at >= 0; at = segment.indexOf(word, at + 1)) for (let i = 1; i < word.length; i++) inside.add(at + i);
  const out = new Set<number>();
  let offset = 0;
  let w = 0;
  for (const phrase of parsePhrases(segment)) {
    if (offset > 0) {
      while (w + 1 < starts.length && starts[w + 1]! <= offset) w++;
      const at = icu.has(offset) ? offset : starts[w]!;
      if (at > 0 && !inside.has(at)) out.add(at);
    }
    offset += phrase.length;
  }
  // A clause verb is one phrase start (助推, 共建: ICU reads 助|推, budoux 格局助|推高), never broken inside.
  for (const verb of CLAUSE_VERBS) {
    for (let at = segment.indexOf(verb); at >= 0; at = segment.indexOf(verb, at + 1)) {
      const end = at + verb.length;
      if (!icu.has(at) || inside.has(at) || (verb.length === 1 && !icu.has(end))) continue;
      if (at > 0) out.add(at);
      for (let i = at + 1; i < end; i++) out.delete(i);
      if (end < segment.length && icu.has(end) && !inside.has(end)) out.add(end);
    }
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Units already found, by level and segment: planning a kit breaks the same slogans for every profile and LED page
 * width, and budoux's parse was ~40 % of a 2022 plan (~80 ms on every build). Pure, so shared; cleared when large.
 */
const unitMemo = new Map<string, readonly string[]>();
const UNIT_MEMO_SIZE = 4096;

/** Unbreakable units of one segment (no spaces): phrases or characters, merged where clreq forbids a break. */
export function unitsOf(segment: string, level: BreakLevel): readonly string[] {
  const key = `${level}\0${segment}`;
  const known = unitMemo.get(key);
  if (known) return known;
  const units = Object.freeze(findUnits(segment, level));
  if (unitMemo.size >= UNIT_MEMO_SIZE) unitMemo.clear();
  unitMemo.set(key, units);
  return units;
}

function findUnits(segment: string, level: BreakLevel): string[] {
  let raw: string[];
  if (level === 'phrase') {
    const cuts = [0, ...phraseBoundaries(segment), segment.length];
    raw = cuts.slice(1).map((end, i) => segment.slice(cuts[i], end));
  } else raw = [...segment];
  const units: string[] = [];
  for (const unit of raw) {
    const prev = units[units.length - 1];
    if (prev !== undefined && !canBreakBetween(prev, unit, level === 'anywhere')) units[units.length - 1] = prev + unit;
    else units.push(unit);
  }
  return units;
}

/**
 * How much a break costs, as a share of the widest line: a break after a clause mark (，。；：！？、) is free; a
 * plain phrase break costs a little, so lines end at the text's own punctuation when one is near; a break right
 * after a one-character phrase (服务新|发展格局, 走|质量) costs more, since it strands a prefix.
 */
const PLAIN_BREAK_COST = 0.2;
const WEAK_BREAK_COST = 0.5;
/** Before the verb that opens a slogan's second clause (…服务质量|推动经济…): a little cheaper than a plain phrase break. */
const CLAUSE_START_COST = 0.05;
/** Inside a Latin word or number (the last resort): after . / - : it costs like a weak break, anywhere else much more. */
const URL_BREAK_COST = 0.5;
const WORD_BREAK_COST = 1;
const CLAUSE_END = /[，。；：！？、,.;:!?]$/;
/**
 * Verbs that open a clause in the campaign's slogans (推动经济高质量发展, 建设质量强国, 让质量提升扎实推进).
 * Like PROTECTED_WORDS, campaign vocabulary: a break before one of them is where a designer breaks an unspaced slogan.
 */
export const CLAUSE_VERBS: readonly string[] = [
  '推动', '促进', '建设', '助推', '打造', '提升', '坚持', '加强', '深入', '大力', '共享', '畅享', '弘扬', '夯实', '优化', '培育', '实施',
  '推进', '服务', '决胜', '共建', '共治', '让', '走', '守护', '筑牢', '树立', '营造', '争创', '追求', '创造', '享受', '践行', '携手',
];
function breakCost(unitBefore: string, unitAfter = ''): number {
  // A break at a space (a slogan's own break, in breakFlow) is free, like one after a clause mark.
  if (CLAUSE_END.test(unitBefore) || unitAfter.startsWith(' ')) return 0;
  const last = unitBefore.slice(-1);
  const first = unitAfter.slice(0, 1);
  if (ALNUM.test(last) && ALNUM.test(first)) return WORD_BREAK_COST;
  if (/[./:-]/.test(last) && ALNUM.test(first)) return URL_BREAK_COST;
  if (CLAUSE_VERBS.some((v) => unitAfter.startsWith(v)) && HAN.test(last)) return CLAUSE_START_COST;
  return [...unitBefore].length === 1 ? WEAK_BREAK_COST : PLAIN_BREAK_COST;
}

/**
 * Whether a line break may fall between two pieces of text: never against the clreq table (clreq.ts), never next
 * to a space inside a part (the space is the part's own break), and — unless `anywhere` — never inside a number or
 * a Latin word.
 */
export function canBreakBetween(before: string, after: string, anywhere = false): boolean {
  const last = [...before].pop() ?? '';
  const first = [...after][0] ?? '';
  if (clreqForbids(last, first)) return false;
  if (last === ' ' || first === ' ') return false;
  if (anywhere) return true;
  // Never split a number or a Latin word, a number from its measure word (21个, 9月), a date (2022年9月1日),
  // or a reduplicated word (人人, 家家).
  if (ALNUM.test(last) && ALNUM.test(first)) return false;
  if ((last === '年' || last === '月') && /[0-9０-９]/.test(first)) return false;
  if (/[0-9０-９]/.test(last) && /[个家项条名位年月日号期届次部]/.test(first)) return false;
  if (last === first && HAN.test(last)) return false;
  return true;
}

interface Scored {
  lines: string[];
  widths: number[];
  /** Sum of the break costs. */
  cost: number;
}

/** Lower is better: the widest line (that sets the type size) raised by the break costs, then balance, then a fuller first line. */
function better(a: Scored, b: Scored | undefined): boolean {
  if (!b) return true;
  const maxA = Math.max(...a.widths) * (1 + a.cost);
  const maxB = Math.max(...b.widths) * (1 + b.cost);
  if (Math.abs(maxA - maxB) > 1e-9) return maxA < maxB;
  const sq = (w: number[]) => w.reduce((s, x) => s + (maxA - x) ** 2, 0);
  const d = sq(a.widths) - sq(b.widths);
  if (Math.abs(d) > 1e-9) return d < 0;
  return (a.widths[0] ?? 0) > (b.widths[0] ?? 0);
}

/**
 * The best way to put `units` on exactly `k` lines (joined with `glue`), or undefined when there are too few units.
 * For each candidate widest-line width (ascending) a dynamic programme finds the split with the cheapest breaks,
 * then the most even lines; the search stops once no wider cap can beat the best score. O(caps · n² · k).
 */
function splitUnits(units: readonly string[], k: number, measure: Measure, glue: string, limit = Infinity, floor = 0): Scored | undefined {
  const n = units.length;
  if (k < 1 || n < k) return undefined;
  const width: number[][] = [];
  for (let i = 0; i < n; i++) {
    width[i] = [];
    for (let j = i + 1; j <= n; j++) width[i]![j] = measure(units.slice(i, j).join(glue));
  }
  const w = (i: number, j: number) => width[i]![j]!;
  // No k-line split has a widest line narrower than its widest unit, or (nearly: glue and trimmed marks aside) than
  // an even share of the whole: caps below that are never feasible and are skipped.
  let lower = 0;
  for (let i = 0; i < n; i++) lower = Math.max(lower, w(i, i + 1));
  lower = Math.max(lower, (w(0, n) / k) * 0.9);
  const caps = [...new Set(width.flatMap((row) => row.filter((v) => v !== undefined && v >= lower - 1e-9)))].sort((a, b) => a - b);
  let best: Scored | undefined;
  let bestScore = Infinity;
  for (const cap of caps) {
    if (cap > bestScore + 1e-9 || cap > limit + 1e-9) break;
    // g[l][i]: best split of units i… into l lines no wider than cap: cheapest breaks, then least Σ(cap − w)².
    type Cell = { cost: number; sq: number; next: number } | undefined;
    const g: Cell[][] = Array.from({ length: k + 1 }, () => new Array<Cell>(n + 1).fill(undefined));
    const fits = (i: number, j: number) => w(i, j) <= cap + 1e-9 && w(i, j) >= floor * cap - 1e-9;
    for (let i = 0; i < n; i++) if (fits(i, n)) g[1]![i] = { cost: 0, sq: (cap - w(i, n)) ** 2, next: n };
    for (let l = 2; l <= k; l++)
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j <= n - (l - 1); j++) {
          const rest = g[l - 1]![j];
          if (!rest || !fits(i, j)) continue;
          const cand = { cost: rest.cost + breakCost(units[j - 1]!, units[j]), sq: rest.sq + (cap - w(i, j)) ** 2, next: j };
          const cur = g[l]![i];
          // Ties go to the fuller earlier line (a top-heavy block reads better than a bottom-heavy one).
          const fewer = !cur || cand.cost < cur.cost - 1e-9;
          const same = cur && Math.abs(cand.cost - cur.cost) <= 1e-9;
          if (fewer || (same && (cand.sq < cur.sq - 1e-9 || (Math.abs(cand.sq - cur.sq) <= 1e-9 && j > cur.next)))) g[l]![i] = cand;
        }
    const top = g[k]![0];
    if (!top) continue;
    const lines: string[] = [];
    const widths: number[] = [];
    for (let l = k, i = 0; l >= 1; l--) {
      const cell = g[l]![i]!;
      lines.push(units.slice(i, cell.next).join(glue));
      widths.push(w(i, cell.next));
      i = cell.next;
    }
    const scored = { lines, widths, cost: top.cost };
    if (better(scored, best)) {
      best = scored;
      bestScore = Math.max(...widths) * (1 + top.cost);
    }
  }
  return best;
}

/** Compositions of `total` into `parts` positive integers, in a fixed order. */
function compositions(total: number, parts: number): number[][] {
  if (parts === 1) return total >= 1 ? [[total]] : [];
  const out: number[][] = [];
  for (let first = 1; first <= total - (parts - 1); first++) for (const rest of compositions(total - first, parts - 1)) out.push([first, ...rest]);
  return out;
}

/**
 * The best break of `text` into exactly `k` lines no wider than `limit`, or undefined when there is none. With a
 * `floor` (0…1), every line must also be at least that share of the widest line allowed (a balanced break).
 * A text with spaces (a slogan's halves) never mixes halves on a line once there are enough lines for each;
 * with fewer lines than halves, whole halves share lines.
 */
export function breakInto(text: string, k: number, measure: Measure, level: BreakLevel = 'phrase', limit = Infinity, floor = 0): string[] | undefined {
  const segments = segmentsOf(text);
  if (segments.length === 0) return undefined;
  if (k === 1) return measure(segments.join(' ')) <= limit + 1e-9 ? [segments.join(' ')] : undefined;
  if (k < segments.length) return splitUnits(segments, k, measure, ' ', limit, floor)?.lines;
  let best: Scored | undefined;
  for (const counts of compositions(k, segments.length)) {
    const parts = segments.map((s, i) => splitUnits(unitsOf(s, level), counts[i]!, measure, '', limit, floor));
    if (parts.some((p) => !p)) continue;
    const lines = parts.flatMap((p) => p!.lines);
    const scored = { lines, widths: parts.flatMap((p) => p!.widths), cost: parts.reduce((n, p) => n + p!.cost, 0) };
    if (better(scored, best)) best = scored;
  }
  return best?.lines;
}

/**
 * The best break of `text` into exactly `k` lines where a line may hold the end of one half and the start of the
 * next (登录 www. / samr.gov.cn / 参与质量月): a break at a space is free, inside a half it costs as usual.
 */
export function breakFlow(text: string, k: number, measure: Measure, level: BreakLevel = 'phrase', limit = Infinity, floor = 0): string[] | undefined {
  const units: string[] = [];
  segmentsOf(text).forEach((segment, si) => unitsOf(segment, level).forEach((u, ui) => units.push(si > 0 && ui === 0 ? ` ${u}` : u)));
  if (units.length === 0) return undefined;
  const trim = (line: string) => (line.startsWith(' ') ? line.slice(1) : line);
  return splitUnits(units, k, (line) => measure(trim(line)), '', limit, floor)?.lines.map(trim);
}

/** For k = 1 … maxLines, the best k-line break (undefined where none exists). */
export function breakCandidates(text: string, maxLines: number, measure: Measure, level: BreakLevel = 'phrase'): (string[] | undefined)[] {
  return Array.from({ length: maxLines }, (_, i) => breakInto(text, i + 1, measure, level));
}

/** Lines a greedy fill needs per segment at `level`, or undefined when one unit is wider than `maxWidth`. */
function greedyLineCount(text: string, maxWidth: number, measure: Measure, level: BreakLevel): number | undefined {
  let count = 0;
  for (const segment of segmentsOf(text)) {
    let line = '';
    for (const unit of unitsOf(segment, level)) {
      if (measure(unit) > maxWidth + 1e-9) return undefined;
      if (line && measure(line + unit) > maxWidth + 1e-9) {
        count++;
        line = unit;
      } else line += unit;
    }
    if (line) count++;
  }
  return count;
}

/**
 * The fewest balanced lines no wider than `maxWidth`: phrase breaks first, character breaks only if a phrase is too long,
 * breaks inside a Latin word or number (after . / - : first) only if a word is too long.
 * Undefined when even that needs more than `maxLines` lines.
 */
export function breakToWidth(text: string, maxWidth: number, measure: Measure, maxLines = 16): string[] | undefined {
  for (const level of ['phrase', 'char', 'anywhere'] as const) {
    const greedy = greedyLineCount(text, maxWidth, measure, level);
    if (greedy === undefined) continue;
    // The balanced break minimises the widest line, so it is feasible at the greedy count at the latest.
    for (let k = 1; k <= Math.min(greedy, maxLines); k++) {
      const lines = breakInto(text, k, measure, level, maxWidth);
      if (lines) return lines;
    }
  }
  return undefined;
}
