import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NO_LINE_END, NO_LINE_START, breakInto, breakToWidth, canBreakBetween, clreqViolation, joinLines, segmentsOf, unitsOf } from '../../src/render/line-break.ts';

// Widths in em with every character 1 em: what Noto Sans SC gives for CJK text, and easy to reason about.
const em = (s: string) => [...s].length;

const REAL_2022 = readFileSync(new URL('../fixtures/notices/2022-national-slogans.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

/** Every offset inside a segment where a break would split one of budoux's/ICU's phrases. */
function insidePhrase(segment: string): Set<number> {
  const inside = new Set<number>();
  let at = 0;
  for (const unit of unitsOf(segment, 'phrase')) {
    for (let i = 1; i < unit.length; i++) inside.add(at + i);
    at += unit.length;
  }
  return inside;
}

describe('clreq: line-start and line-end prohibitions', () => {
  it.each([
    ['、', false],
    ['，', false],
    ['。', false],
    ['；', false],
    ['：', false],
    ['！', false],
    ['？', false],
    ['）', false],
    ['】', false],
    ['」', false],
    ['』', false],
    ['》', false],
    ['〉', false],
    ['”', false],
    ['’', false],
    ['—', false],
    ['…', false],
    ['～', false],
    ['质', true],
  ])('a line may start with %s: %s', (ch, allowed) => {
    expect(NO_LINE_START.has(ch)).toBe(!allowed);
    expect(canBreakBetween('质量', `${ch}强国`)).toBe(allowed);
  });

  it.each(['（', '【', '「', '『', '《', '〈', '“', '‘'])('a line never ends with %s', (ch) => {
    expect(NO_LINE_END.has(ch)).toBe(true);
    expect(canBreakBetween(`质量${ch}`, '强国')).toBe(false);
  });

  it.each([
    [['人人创造质量，', '人人享受质量。'], undefined],
    [['人人创造质量', '，人人享受质量。'], '第 2 行以「，」开头（行首禁则）'],
    [['坚持质量第一《', '质量强国建设纲要》'], '第 1 行以「《」结尾（行尾禁则）'],
    [['9月1日', '—9月30日'], '第 2 行以「—」开头（行首禁则）'],
  ])('clreqViolation(%j) → %s', (lines, expected) => {
    expect(clreqViolation(lines)).toBe(expected);
  });
});

describe('breaking a slogan', () => {
  it.each([
    // The slogan's own space wins over any balanced break.
    ['深入实施质量提升行动 大力推进质量强国建设', 2, ['深入实施质量提升行动', '大力推进质量强国建设']],
    ['质量发展 利民惠民', 2, ['质量发展', '利民惠民']],
    // With more lines than halves, each half gets its own lines; halves never share one.
    ['走质量效益型发展道路 打造区域质量发展新优势', 4, ['走质量效益型', '发展道路', '打造区域质量', '发展新优势']],
    // A slogan with 、 keeps the mark at the end of its line.
    ['提升产品、工程和服务质量 推动经济高质量发展', 3, ['提升产品、', '工程和服务质量', '推动经济高质量发展']],
    ['质量第一、标准引领、品牌带动', 3, ['质量第一、', '标准引领、', '品牌带动']],
    // A slogan with ，and 。 (no space): the comma ends line 1, the full stop stays with its phrase.
    ['人人创造质量，人人享受质量。', 2, ['人人创造质量，', '人人享受质量。']],
    // Brackets and quotes stay with what they enclose.
    ['“质量月”活动（2022年）开幕', 2, ['“质量月”活动', '（2022年）开幕']],
    // A date range is never split, and the dash never starts a line.
    ['9月1日—9月30日全国质量月', 2, ['9月1日—9月30日', '全国质量月']],
    // Campaign vocabulary that budoux and ICU both cut (助推高|质量) stays whole.
    ['服务新发展格局 助推高质量发展', 3, ['服务新发展格局', '助推高质量', '发展']],
  ])('%s in %i lines', (text, k, expected) => {
    expect(breakInto(text, k, em)).toEqual(expected);
  });

  it('falls back to characters only when one phrase is wider than the line (budoux fallback)', () => {
    // 利民惠民 is a single phrase: at 3 em per line it must be cut between characters, still obeying clreq.
    expect(unitsOf('利民惠民', 'phrase')).toEqual(['利民惠民']);
    expect(breakToWidth('质量发展 利民惠民', 3, em)).toEqual(['质量', '发展', '利民', '惠民']);
    // A Latin word or number is cut only as the last resort (CSS overflow-wrap: anywhere), never when it fits a line.
    expect(breakToWidth('ISO9001认证', 7, em)).toEqual(['ISO9001', '认证']);
    expect(breakToWidth('ISO9001认证', 5, em)).toEqual(['ISO90', '01认证']);
    // After . / - : first: a URL is cut at its dots before anywhere else.
    expect(breakToWidth('javascript:alert(1)', 12, em)).toEqual(['javascript:', 'alert(1)']);
    expect(breakToWidth('www.samr.gov.cn', 9, em)).toEqual(['www.samr.', 'gov.cn']);
  });

  it('returns the fewest lines that fit, balanced', () => {
    expect(breakToWidth('深入实施质量提升行动 大力推进质量强国建设', 8, em)).toEqual(['深入实施质量', '提升行动', '大力推进质量', '强国建设']);
    expect(breakToWidth('坚持质量第一 建设质量强国', 13, em)).toEqual(['坚持质量第一 建设质量强国']);
  });

  it('re-joins lines with the text’s own spaces', () => {
    expect(joinLines('质量发展 利民惠民', ['质量发展', '利民惠民'])).toBe('质量发展 利民惠民');
    expect(joinLines('深入实施质量提升行动 大力推进质量强国建设', ['大力推进质量', '强国建设'])).toBe('大力推进质量强国建设');
  });
});

describe('the 15 real slogans of 2022', () => {
  it('are 15', () => {
    expect(REAL_2022).toHaveLength(15);
  });

  it.each(REAL_2022)('%s: every break in 2–4 lines is at a phrase boundary and obeys clreq', (slogan) => {
    for (let k = 2; k <= 4; k++) {
      const lines = breakInto(slogan, k, em);
      if (!lines) continue;
      expect(lines).toHaveLength(k);
      expect(clreqViolation(lines)).toBeUndefined();
      expect(joinLines(slogan, lines)).toBe(slogan);
      // Map each break back to its segment and check it is not inside a phrase.
      for (const segment of segmentsOf(slogan)) {
        const inside = insidePhrase(segment);
        let at = 0;
        for (const line of lines) {
          const start = segment.indexOf(line, at);
          if (start < 0) continue;
          expect(inside.has(start), `break before 「${line}」 splits a phrase of 「${segment}」`).toBe(false);
          at = start + line.length;
        }
      }
    }
  });
});
