// Messy notices: the edits that copying a notice out of a web page, a Word file or a PDF (or a hostile hand)
// makes to its text. Shared by the notice fuzz test and by scripts that replay a failing case.

import fc from 'fast-check';
import { HOSTILE_STRINGS, codeUnitString, forbiddenChar, hostileString } from './arbitraries.ts';

/** Full-width punctuation and its half-width twin. */
export const WIDTH_PAIRS: [string, string][] = [
  ['，', ','], ['。', '.'], ['：', ':'], ['；', ';'], ['（', '('], ['）', ')'], ['“', '"'], ['”', '"'], ['！', '!'], ['？', '?'],
  ['、', ','], ['\u3000', ' '], ['〔', '['], ['〕', ']'], ['《', '<'], ['》', '>'], ['—', '-'], ['０', '0'], ['２', '2'],
];
const SWAP = new Map<string, string>(WIDTH_PAIRS.flatMap(([full, half]) => [[full, half], [half, full]] as [string, string][]));

/** Tokens whose long runs have made text processors slow: spaces, quotes, brackets, markers, names, dates. */
export const REPEATED = [
  ' ', '\u3000', '\t', '质量月', '质', '主题是', '主题是“', '（', '(', '）', '"', '“', '。', '，', '：', '[bookmark:', '2024', '2024年',
  '教 育 部 ', '教育部 ', '教育部\n', '教育部\nx\n', '（一）', '1.', '一、', '01\n', '\n', '\n\n', '关于', '通知', '等27个部门', '市场监管总局',
  '附件：', '年月日', '预览', '-3-\n', '**', '# ', 'and ', '\u200b', '\ufeff', '\r', '\r\n', '质量\n', '1. 质量。\n', '主题是：“质量',
  '关于开展2024年全国“质量月”活动的通知\n', '一、活动主题\n',
];

export type NoticeEdit =
  | { kind: 'splice'; at: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'swap-width'; seed: number; share: number }
  | { kind: 'dup-line' | 'drop-line' | 'join-line'; at: number }
  | { kind: 'repeat'; at: number; token: string; length: number }
  | { kind: 'crlf' | 'bom' };

const garbage = fc.oneof(
  hostileString,
  forbiddenChar,
  codeUnitString,
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom(...HOSTILE_STRINGS, '\0', '\r', '\n\n', '一、活动主题\n', '（一）', '2024年9月1日', '主题是：“', '附件：', '市场监管总局 教育部'),
);

export const noticeEdit: fc.Arbitrary<NoticeEdit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), text: garbage }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('swap-width' as const), seed: fc.nat(), share: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('dup-line' as const, 'drop-line' as const, 'join-line' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('repeat' as const),
      at: fc.nat(),
      token: fc.constantFrom(...REPEATED),
      length: fc.constantFrom(100, 1000, 10_000, 50_000, 100_000),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('crlf' as const, 'bom' as const) }) },
);

export function applyNoticeEdit(text: string, edit: NoticeEdit): string {
  const at = 'at' in edit ? edit.at % (text.length + 1) : 0;
  const lines = text.split('\n');
  const li = 'at' in edit ? edit.at % lines.length : 0;
  switch (edit.kind) {
    case 'splice':
      return text.slice(0, at) + edit.text + text.slice(at);
    case 'truncate':
      return text.slice(0, at);
    case 'swap-width': {
      let state = edit.seed || 1;
      return [...text]
        .map((ch) => {
          const other = SWAP.get(ch);
          if (other === undefined) return ch;
          state = (state * 1103515245 + 12345) % 2147483648;
          return state % 100 < edit.share ? other : ch;
        })
        .join('');
    }
    case 'dup-line':
      lines.splice(li, 0, lines[li] ?? '');
      return lines.join('\n');
    case 'drop-line':
      lines.splice(li, 1);
      return lines.join('\n');
    case 'join-line':
      if (li + 1 < lines.length) lines.splice(li, 2, `${lines[li]}${lines[li + 1]}`);
      return lines.join('\n');
    case 'repeat': {
      const run = edit.token.repeat(Math.ceil(edit.length / edit.token.length)).slice(0, edit.length);
      return text.slice(0, at) + run + text.slice(at);
    }
    case 'crlf':
      return text.replace(/\n/g, '\r\n');
    case 'bom':
      return `\ufeff${text}`;
  }
}

