// The slogans file given with --slogans: one slogan per line; blank lines and lines starting with # are skipped.

import { LIMITS } from '../campaign/schema.ts';
import { cleanLine, collapseSpaces } from './clean-text.ts';

/** A list number in front of a slogan: "1." "1、" "（1）" "1 ". Digits that are part of a slogan (12315) stay. */
const NUMBERING = /^(?:（\d{1,2}）|\d{1,2}[.、．](?!\d))\s*/;

export function parseSlogans(text: string, file: string, warnings: string[]): string[] {
  const slogans: string[] = [];
  const seen = new Map<string, number>();
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n?|\n/)
    .forEach((raw, index) => {
      const trimmed = raw.trim();
      if (trimmed === '' || trimmed.startsWith('#')) return;
      const slogan = collapseSpaces(cleanLine(trimmed).replace(NUMBERING, ''));
      if (slogan === '') return;
      const line = index + 1;
      const first = seen.get(slogan);
      if (first !== undefined) {
        warnings.push(`${file}:${line}：口号「${slogan}」与第 ${first} 行重复，已跳过`);
        return;
      }
      seen.set(slogan, line);
      if ([...slogan].length > LIMITS.slogan.max) {
        warnings.push(`${file}:${line}：口号「${slogan}」有 ${[...slogan].length} 字，超过 ${LIMITS.slogan.max} 字，校验将不通过；请检查是否两条口号连在了一行`);
      }
      slogans.push(slogan);
    });
  if (slogans.length === 0) warnings.push(`${file}：没有读到任何口号（空行和以 # 开头的行会被跳过）`);
  return slogans;
}
