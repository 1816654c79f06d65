// Small helpers for Chinese official-document text: numerals, dates, sentences.

/** One Han character (CJK ideograph), as a regex source fragment. */
export const HAN = '\\p{Script=Han}';

const DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "16", "１６", "十六", "二十七", "一百零五" → number; undefined when it is not a number. */
export function parseNumber(text: string): number | undefined {
  const ascii = text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).trim();
  if (/^\d+$/.test(ascii)) return Number(ascii);
  if (!/^[〇零一二两三四五六七八九十百]+$/.test(ascii)) return undefined;
  let total = 0;
  let current = 0;
  for (const ch of ascii) {
    if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else current = DIGITS[ch] ?? 0;
  }
  return total + current;
}

/** "2024" or "二〇二四" → 2024 (a year is written digit by digit). */
function parseYearDigits(text: string): number | undefined {
  if (/^\d{4}$/.test(text)) return Number(text);
  if (!/^[〇零一二三四五六七八九]{4}$/.test(text)) return undefined;
  return Number([...text].map((ch) => DIGITS[ch]).join(''));
}

const DATE_SOURCE = '(\\d{4}|[〇零一二三四五六七八九]{4})\\s*年\\s*(\\d{1,2}|[一二三四五六七八九十]{1,3})\\s*月\\s*(\\d{1,2}|[一二三四五六七八九十]{1,3})\\s*日';

/** A line that is nothing but a date, as written at the end of a notice. */
export const DATE_LINE = new RegExp(`^${DATE_SOURCE}$`);
/** A date anywhere in a string. */
export const DATE_ANYWHERE = new RegExp(DATE_SOURCE);

/** The ISO form of a Chinese date match (from DATE_LINE or DATE_ANYWHERE), or undefined if it is not a real date. */
export function isoDate(match: RegExpExecArray): string | undefined {
  const year = parseYearDigits(match[1] ?? '');
  const month = parseNumber(match[2] ?? '');
  const day = parseNumber(match[3] ?? '');
  if (year === undefined || month === undefined || day === undefined) return undefined;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Sentence-final punctuation, and the closing quotes or brackets that may follow it. */
const FINAL = '。！？；：…';
const TRAILING_CLOSERS = '”’」』）)';

/**
 * How a text ends, looking past any closing quotes or brackets at its end: with sentence-final punctuation
 * ('final'), with another character ('other'), or it is nothing but closers ('none').
 */
export function sentenceEnd(text: string): 'final' | 'other' | 'none' {
  let end = text.length;
  while (end > 0 && TRAILING_CLOSERS.includes(text[end - 1]!)) end--;
  if (end === 0) return 'none';
  return FINAL.includes(text[end - 1]!) ? 'final' : 'other';
}

/** Whether a paragraph ends a sentence (so the next line starts a new paragraph). */
export function endsSentence(text: string): boolean {
  return sentenceEnd(text) === 'final';
}

const OPENERS = '“‘「『《（〔【(';
const CLOSERS = '”’」』》）〕】)';

/**
 * Splits off the first sentence: the text up to the first 。！？ outside quotes and brackets,
 * with closing quotes that follow it. Returns [first sentence, rest]; rest is '' when there is one sentence.
 */
export function splitFirstSentence(text: string): [string, string] {
  let depth = 0;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (OPENERS.includes(ch)) depth++;
    else if (CLOSERS.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && '。！？'.includes(ch)) {
      let end = i + 1;
      while (end < chars.length && CLOSERS.includes(chars[end]!)) end++;
      return [chars.slice(0, end).join('').trim(), chars.slice(end).join('').trim()];
    }
  }
  return [text.trim(), ''];
}

/** A sentence without its final 。 (a closing quote after it stays). */
export function withoutFinalStop(sentence: string): string {
  return sentence.replace(/[。．.]([”’」』]*)$/, '$1').trim();
}

/** Removes spaces that touch a Han character or CJK punctuation (extraction gaps in a title or name). */
export function removeCjkSpaces(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(new RegExp(`(?<=[${HAN}\\p{P}]) (?=[${HAN}\\p{P}\\d])|(?<=[${HAN}\\p{P}\\d]) (?=[${HAN}\\p{P}])`, 'gu'), '')
    .trim();
}
