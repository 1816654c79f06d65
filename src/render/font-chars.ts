import { missingGlyphError, type TextRole } from './messages.ts';
import type { Weight } from './style.ts';

// The fonts' names and the characters a build keeps, without the font parser: the build's main thread checks every
// character and plans the subset from these (and font-facts.ts), and loads fontkit only when it makes a subset.

export const WEIGHTS: readonly Weight[] = [500, 700, 900];
export const FONT_FAMILY = 'Noto Sans SC';

/** Characters every build may need besides the data: URLs, markers, digits. */
export const FIXED_CHARS = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), ...'示例预览年“质量月”主题·\u3000'].join('');

/** Fails with the exact text, character and U+ code when the font has no glyph for a character. */
export function checkGlyphs(role: TextRole, text: string, covers: (cp: number) => boolean): void {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch !== ' ' && !covers(cp)) throw missingGlyphError(role, text, cp);
  }
}

/** Checks every character against the full fonts (throws on a missing glyph) and returns the sorted set to keep. */
export function checkedChars(texts: Iterable<{ role: TextRole; text: string }>, files: { covers(cp: number): boolean }): string {
  const chars = new Set(FIXED_CHARS);
  for (const { role, text } of texts) {
    checkGlyphs(role, text, files.covers);
    for (const ch of text) chars.add(ch);
  }
  // Sorted, so the same texts give the same subset bytes whatever their order.
  return [...chars].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!).join('');
}

