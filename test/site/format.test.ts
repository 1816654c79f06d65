import { describe, expect, it } from 'vitest';
import { chineseDate, fitBox, fitClass, halves, organizersSentence, prefixedUrl, relativeUrl } from '../../src/site/format.ts';
import { itemName } from '../../src/site/view-model.ts';

describe('relativeUrl', () => {
  it.each([
    ['/', '', './'],
    ['/', 'national/2024/', 'national/2024/'],
    ['/', 'static/site.css', 'static/site.css'],
    ['/national/2024/', '', '../../'],
    ['/national/2024/', 'national/2024/posters/', 'posters/'],
    ['/national/2024/', 'national/2024/', './'],
    ['/national/2024/s/3/', 'national/2024/', '../../'],
    ['/national/2024/s/3/', 'national/2024/s/4/', '../4/'],
    ['/national/2024/posters/school-screen/', 'assets/national/2024/school-screen/theme.png', '../../../../assets/national/2024/school-screen/theme.png'],
    ['/static/site.css', 'static/qm-sans-bold.woff', 'qm-sans-bold.woff'],
    ['/guide/', 'guide/', './'],
  ])('from %s to %s is %s', (from, target, expected) => {
    expect(relativeUrl(from, target)).toBe(expected);
  });

  it.each(['/national/', 'https://example.cn/', 'javascript:alert(1)'])('refuses %s, which is not site-relative', (target) => {
    expect(() => relativeUrl('/', target)).toThrow(/Internal error/);
  });

  it('prefixes root-relative links for the 404 page', () => {
    expect(prefixedUrl('/zlgy/', 'static/site.css')).toBe('/zlgy/static/site.css');
    expect(prefixedUrl('/', '')).toBe('/');
  });
});

describe('text helpers', () => {
  it.each([
    ['2024-07-26', '2024年7月26日'],
    ['2022-08-19', '2022年8月19日'],
    ['2020-10-01', '2020年10月1日'],
  ])('chineseDate(%s) is %s', (iso, expected) => expect(chineseDate(iso)).toBe(expected));

  it.each([
    [{ organizers: ['a', 'b'], organizersTotal: 21 }, '共 21 个部门，以下列出 2 个。'],
    [{ organizers: ['a', 'b'], organizersTotal: 2 }, '共 2 个部门：'],
    [{ organizers: ['a', 'b', 'c'] }, '共 3 个部门：'],
    [{ organizers: [], organizersTotal: 16 }, '共 16 个部门，名单尚未录入。'],
    [{ organizers: [] }, undefined],
  ])('organizersSentence(%j) is %j', (c, expected) => expect(organizersSentence(c)).toBe(expected));

  it('splits a slogan into its halves at its own spaces', () => {
    expect(halves('坚持质量第一 建设质量强国')).toEqual(['坚持质量第一', '建设质量强国']);
    expect(halves('质量强国')).toEqual(['质量强国']);
  });

  it.each([
    [['坚持质量第一', '建设质量强国'], 'w6'],
    [['走质量效益型发展道路', '打造区域质量发展新优势'], 'w11'],
    [['<script>alert(1)</script>'], 'w15'],
    [['很'.repeat(40)], 'w30'],
  ])('fitClass(%j) is %s', (parts, expected) => expect(fitClass(parts)).toBe(expected));

  it('fits a thumbnail in its box keeping the ratio', () => {
    expect(fitBox(3508, 4961, 240, 180)).toEqual({ width: 127, height: 180 });
    expect(fitBox(1920, 360, 240, 180)).toEqual({ width: 240, height: 45 });
    expect(fitBox(100, 50, 240, 180)).toEqual({ width: 100, height: 50 });
  });

  it.each([
    [{ kind: 'theme' as const }, '主题'],
    [{ kind: 'slogan' as const, n: 3 }, '口号 3'],
    [{ kind: 'slogan' as const, n: 3, page: 2 }, '口号 3 · 第 2 段'],
    [{ kind: 'led-page' as const, n: 3, page: 2 }, '口号 3 · 第 2 屏'],
    [{ kind: 'led-strip' as const }, '主题 · 滚动条'],
  ])('itemName(%j) is %s', (job, expected) => expect(itemName(job)).toBe(expected));
});
