// The signature block of a joint notice: department names separated by spaces, a few per line.
// Names are separated by one or more spaces, but a short name may itself be spaced out to fill its
// column ("教 育 部", "公 安 部"). No department's name is one character, so single-character tokens
// are glued together; a token that does not end like a department name is glued to the next one when
// that makes a department-shaped name ("国家发展 改革委").

import { DATE_LINE, HAN } from './chinese.ts';

/** How Chinese department and body names end (部, 委, 局, 署, 院, 行, 社, 会, 联, 协, 办, 共青团中央, …). */
const DEPARTMENT_END = /(?:部|委|局|署|院|行|社|会|联|协|办|央|室|厅|处|所|团|司|心|站|馆|盟|府|军|队)$/u;

/** A token of a name line: Han characters, possibly with a bracketed part ("国家市场监督管理总局（国家标准委）"). */
const NAME_TOKEN = new RegExp(`^[${HAN}][${HAN}（）]*$`, 'u');

export function looksLikeDepartment(name: string): boolean {
  return DEPARTMENT_END.test(name) && [...name].length >= 2 && [...name].length <= 30;
}

export interface NameLine {
  names: string[];
  /** Joins of space-separated parts that were made by the department-ending rule, for the reviewer. */
  joined: string[];
}

/** Cuts a run of spaced-out characters after each department ending, when every piece has 2+ characters. */
function splitRun(run: string): string[] {
  const chars = [...run];
  const pieces: string[] = [];
  let piece = '';
  chars.forEach((ch, i) => {
    piece += ch;
    const rest = chars.length - i - 1;
    if (DEPARTMENT_END.test(ch) && [...piece].length >= 2 && rest >= 2) {
      pieces.push(piece);
      piece = '';
    }
  });
  if (piece) pieces.push(piece);
  return pieces;
}

/**
 * The department names on one signature line, or undefined when the line is not a pure list of names
 * (it has digits, punctuation or Latin letters).
 *
 * Where the gaps between tokens differ in width ("公 安 部  民 政 部"), the widest gaps separate names and
 * the narrowest are spaces inside a name. Where all gaps are alike, a run of single characters is one name
 * unless it holds two department endings ("公安部民政部" → 公安部, 民政部).
 */
export function splitNameLine(line: string): NameLine | undefined {
  const parts = line.trim().split(/(\s+)/);
  const tokens = parts.filter((_, i) => i % 2 === 0).filter(Boolean);
  const gaps = parts.filter((_, i) => i % 2 === 1).map((g) => g.length);
  if (tokens.length === 0 || !tokens.every((t) => NAME_TOKEN.test(t)) || DATE_LINE.test(line.trim())) return undefined;
  const mixed = new Set(gaps).size > 1;
  // Not Math.min(...gaps): spreading a line of 100,000+ gaps overflows the call stack (RangeError).
  const narrowest = gaps.reduce((min, g) => Math.min(min, g), Infinity);
  const narrow = (i: number) => !mixed || gaps[i] === narrowest;
  const single = (t: string) => [...t].length === 1;

  // 1. Runs of single characters across narrow gaps are one spaced-out name: 教 育 部 → 教育部.
  const merged: { text: string; gapAfter: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let text = tokens[i]!;
    let spread = false;
    while (single(tokens[i]!) && i + 1 < tokens.length && single(tokens[i + 1]!) && narrow(i)) {
      text += tokens[++i]!;
      spread = true;
    }
    const pieces = spread && !mixed ? splitRun(text) : [text];
    pieces.forEach((piece, k) => merged.push({ text: piece, gapAfter: k === pieces.length - 1 ? i : -1 }));
  }
  // 2. A lone character left over, or a part that does not end like a department, joins its neighbour
  //    across a narrow gap.
  const names: string[] = [];
  const joined: string[] = [];
  for (let i = 0; i < merged.length; i++) {
    let name = merged[i]!.text;
    const next = merged[i + 1]?.text;
    const gap = merged[i]!.gapAfter;
    const canJoin = gap >= 0 && narrow(gap);
    if (next !== undefined && canJoin && (single(name) || (!looksLikeDepartment(name) && looksLikeDepartment(name + next)))) {
      joined.push(`${name} ${next} → ${name + next}`);
      name += next;
      i++;
    } else if (single(name) && names.length > 0) {
      const prev = names.pop()!;
      joined.push(`${prev} ${name} → ${prev + name}`);
      name = prev + name;
    }
    names.push(name);
  }
  return { names, joined };
}

/** Whether a line lists two or more department names (the start of a signature block). */
export function isMultiNameLine(line: string): boolean {
  const parsed = splitNameLine(line);
  return parsed !== undefined && parsed.names.length >= 2 && parsed.names.every(looksLikeDepartment);
}

export interface OrganizerBlock {
  names: string[];
  /** Index range [start, end) of the block's lines within the given lines. */
  start: number;
  end: number;
  warnings: string[];
}

/**
 * The first signature block in the closing part of a notice: consecutive name lines (blank lines allowed
 * between them) holding two or more names, at least one line listing several, or every name department-shaped.
 * A single name (a sender's signature) is not a list of co-organisers.
 */
export function findOrganizerBlock(lines: readonly string[]): OrganizerBlock | undefined {
  for (let i = 0; i < lines.length; i++) {
    if (!splitNameLine(lines[i] ?? '')) continue;
    const names: string[] = [];
    const joined: string[] = [];
    let multi = false;
    let end = i;
    for (let j = i; j < lines.length; j++) {
      const line = lines[j] ?? '';
      if (line === '') continue;
      const parsed = splitNameLine(line);
      if (!parsed) break;
      // Not push(...): a line of 100,000+ names overflows the call stack.
      for (const n of parsed.names) names.push(n);
      for (const j of parsed.joined) joined.push(j);
      if (parsed.names.length >= 2) multi = true;
      end = j + 1;
    }
    const departmentShaped = names.every(looksLikeDepartment);
    if (names.length >= 2 && (multi || departmentShaped)) {
      const warnings: string[] = [];
      if (joined.length) warnings.push(`部门名单中有被空格隔开的名称，已按部门名称合并：${joined.join('；')}。请核对`);
      const odd = names.filter((n) => !looksLikeDepartment(n));
      if (odd.length) warnings.push(`部门名单中「${odd.join('」「')}」不像部门名称，请对照通知原文核对落款`);
      return { names, start: i, end, warnings };
    }
    i = end > i ? end - 1 : i;
  }
  return undefined;
}
