import type { z } from 'zod';
import { shown } from './text.ts';

// zod issues → one Chinese sentence each: the problem, what was expected, and what was received.

const TYPE_NAMES: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  boolean: '布尔值（true 或 false）',
  array: '列表',
  object: '键值对',
  null: '空值',
  undefined: '空值',
  date: '日期',
  bigint: '数字',
  binary: '二进制数据（!!binary）',
  set: '集合（!!set）',
  map: '键值对',
};

function typeOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof Uint8Array) return 'binary';
  if (value instanceof Set) return 'set';
  if (value instanceof Map) return 'map';
  return typeof value;
}

function preview(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return ` "${shown(value)}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return ` ${String(value)}`;
  return '';
}

export function received(value: unknown): string {
  return `${TYPE_NAMES[typeOf(value)] ?? typeOf(value)}${preview(value)}`;
}

export function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

export function didYouMean(key: string, known: readonly string[]): string | undefined {
  // Field names are short: a long key is no misspelling of one (and would make the distance slow to compute).
  if (key.length > 40) return undefined;
  const limit = Math.max(2, Math.floor(key.length / 3));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const k of known) {
    if (Math.abs(k.length - key.length) > limit) continue; // the distance is at least the difference in length
    const d = levenshtein(key.toLowerCase(), k.toLowerCase());
    if (d < bestScore) [best, bestScore] = [k, d];
  }
  return best !== undefined && bestScore <= limit ? best : undefined;
}

/** The Chinese message for one zod issue; `input` is the value at the issue's path (undefined when missing). */
export function issueMessage(issue: z.core.$ZodIssue, input: unknown, knownKeys: readonly string[]): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      if (input === undefined) return `缺少必填字段，请补上（应为${expected}）`;
      if (typeof input === 'number' && issue.expected === 'number') return `应为有限的数字，收到${received(input)}`;
      return `应为${expected}，收到${received(input)}`;
    }
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      const guess = didYouMean(key, knownKeys);
      const allowed = `可用字段：${knownKeys.join('、')}`;
      return guess ? `未知字段 ${shown(key, 40)}，是否应为 ${guess}？` : `未知字段 ${shown(key, 40)}；${allowed}`;
    }
    case 'too_small':
      if (issue.origin === 'int' || issue.origin === 'bigint') return `数值过小：超出整数范围，收到${received(input)}`;
      if (issue.origin === 'number') return `数值过小：应不小于 ${String(issue.minimum)}，收到${received(input)}`;
      return `过短：至少 ${String(issue.minimum)} 项，收到 ${Array.isArray(input) ? input.length : 0} 项`;
    case 'too_big':
      if (issue.origin === 'int' || issue.origin === 'bigint') return `数值过大：超出整数范围，收到${received(input)}`;
      if (issue.origin === 'number') return `数值过大：应不大于 ${String(issue.maximum)}，收到${received(input)}`;
      if (issue.origin === 'string') return `过长：最多 ${String(issue.maximum)} 个字符，收到 ${String(input).length} 个`;
      if (/\p{Script=Han}/u.test(issue.message)) return issue.message;
      return `过长：最多 ${String(issue.maximum)} 项，收到 ${Array.isArray(input) ? input.length : 0} 项`;
    case 'invalid_format':
      return `${issue.message}，收到${received(input)}`;
    case 'invalid_value':
      return `应为 ${issue.values.map(String).join(' 或 ')}，收到${received(input)}`;
    case 'custom':
      return issue.message;
    default:
      return `${(issue as { message: string }).message}（收到${received(input)}）`;
  }
}
