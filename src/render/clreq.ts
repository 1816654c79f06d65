// The one table of Chinese line-breaking prohibitions (W3C clreq, 行首禁则 / 行尾禁则; GB/T 15834), used by the
// line breaker (line-break.ts) and by the audit's clreq rule (audit/check-asset.ts): a layout can never make a
// break that the audit rejects, because both read the same sets. Pure data and string checks: no Node APIs.

/** Characters that must not begin a line (clreq 行首禁则): closing punctuation, pause marks, dashes, ellipses. */
export const NO_LINE_START: ReadonlySet<string> = new Set([
  ...'、，。．；：！？）］｝〕〗】」』》〉”’',
  ...'·・‥…—–～〜',
  ...',.;:!?)]}%％‰℃',
]);

/** Characters that must not end a line (clreq 行尾禁则): opening brackets and quotes, currency and number signs. */
export const NO_LINE_END: ReadonlySet<string> = new Set([...'（［｛〔〖【「『《〈“‘', ...'([{', ...'￥$＄£€#№']);

/** Whether the clreq tables forbid a line break between a line ending in `last` and the next starting with `first`. */
export function clreqForbids(last: string | undefined, first: string | undefined): boolean {
  return (first !== undefined && NO_LINE_START.has(first)) || (last !== undefined && NO_LINE_END.has(last));
}

/** The first clreq rule a set of lines breaks, in Chinese, or undefined when they are fine. */
export function clreqViolation(lines: readonly string[]): string | undefined {
  for (const [i, line] of lines.entries()) {
    const chars = [...line];
    if (i > 0 && chars[0] !== undefined && NO_LINE_START.has(chars[0])) return `第 ${i + 1} 行以「${chars[0]}」开头（行首禁则）`;
    const last = chars[chars.length - 1];
    if (i < lines.length - 1 && last !== undefined && NO_LINE_END.has(last)) return `第 ${i + 1} 行以「${last}」结尾（行尾禁则）`;
  }
  return undefined;
}
