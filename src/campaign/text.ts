// Text pasted from Word, WeChat and PDFs carries invisible characters; they are normalised or rejected here,
// once, so that every later stage (posters, site, QR) sees the same clean string.

const INVISIBLE: Record<number, string> = {
  0x200b: '零宽空格',
  0x200c: '零宽不连字',
  0x200d: '零宽连字',
  0x2060: '字连接符',
  0xfeff: '零宽不换行空格（BOM）',
  0x200e: '从左到右标记',
  0x200f: '从右到左标记',
  0x061c: '阿拉伯字母标记',
  0x202a: '双向文字嵌入（LRE）',
  0x202b: '双向文字嵌入（RLE）',
  0x202c: '双向格式结束（PDF）',
  0x202d: '双向文字覆盖（LRO）',
  0x202e: '双向文字覆盖（RLO）',
  0x2066: '双向隔离（LRI）',
  0x2067: '双向隔离（RLI）',
  0x2068: '双向隔离（FSI）',
  0x2069: '双向隔离结束（PDI）',
  0xfffd: '替换字符（原文已损坏）',
};

/** U+XXXX notation, as used in every message about a character. */
export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

function describeForbidden(cp: number): string | undefined {
  const named = INVISIBLE[cp];
  if (named) return named;
  if (cp === 0) return '空字符（NUL）';
  if (cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) return 'C0 控制字符';
  if (cp >= 0x7f && cp <= 0x9f) return 'C1 控制字符';
  if (cp >= 0xe000 && cp <= 0xf8ff) return '私用区字符';
  if ((cp & 0xfffe) === 0xfffe) return '非字符';
  if (cp >= 0xd800 && cp <= 0xdfff) return '孤立代理项';
  return undefined;
}

/** The first forbidden character of a string, described for a person, or undefined. */
export function findForbiddenChar(text: string): string | undefined {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const what = describeForbidden(cp);
    if (what) return `含不可见或非法字符 ${codePointLabel(cp)}（${what}），请删除该字符`;
  }
  return undefined;
}

// Whitespace that counts as one break: ASCII space, tab, CR/LF, NBSP, the ideographic space U+3000, and the other Unicode spaces.
const SPACE_RUN = /[\s\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/gu;

/** NFC, every whitespace run collapsed to one ASCII space, trimmed. A slogan's halves stay split by exactly one space. */
export function normaliseText(text: string): string {
  return text.normalize('NFC').replace(SPACE_RUN, ' ').trim();
}

/**
 * Text a person wrote, as quoted in a message: at most `max` characters shown, with every invisible or control
 * character and line break shown as [U+XXXX] (which counts as its length), so that a message is one short line
 * that a terminal prints as it is.
 */
export function shown(text: string, max = 30): string {
  let out = '';
  let used = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const piece = describeForbidden(cp) || cp === 0x0a || cp === 0x0d || cp === 0x2028 || cp === 0x2029 ? `[${codePointLabel(cp)}]` : ch;
    const cost = piece === ch ? 1 : piece.length;
    if (used + cost > max) return `${out}…`;
    out += piece;
    used += cost;
  }
  return out;
}
