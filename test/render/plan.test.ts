import { describe, expect, it } from 'vitest';
import { barParts, barLabelLines } from '../../src/render/bar-parts.ts';
import { ledPaging, ledStrip } from '../../src/render/led-pages.ts';
import { planJobs } from '../../src/render/plan.ts';
import { PROFILES, findProfile } from '../../src/render/profiles.ts';
import { LOCAL_SITE, sampleCampaign, SITE } from './helpers.ts';

const real = sampleCampaign({ sample: false, year: 2022, slogans: ['深入实施质量提升行动 大力推进质量强国建设', '坚持质量第一 建设质量强国', '质量发展 利民惠民'] });

describe('planJobs', () => {
  const jobs = planJobs(real, SITE);

  it('is pure and deterministic: the same input gives the same plan', () => {
    expect(planJobs(real, SITE)).toEqual(jobs);
  });

  it('orders by profile, then theme, then slogans', () => {
    const profiles = [...new Set(jobs.map((j) => j.profile.id))];
    expect(profiles).toEqual(PROFILES.map((p) => p.id));
    const screen = jobs.filter((j) => j.profile.id === 'school-screen').map((j) => j.name);
    expect(screen).toEqual(['theme', 'slogan-01', 'slogan-02', 'slogan-03']);
  });

  it('gives every job a unique id and path from src/urls.ts', () => {
    expect(new Set(jobs.map((j) => j.id)).size).toBe(jobs.length);
    expect(new Set(jobs.map((j) => j.path)).size).toBe(jobs.length);
    const j = jobs.find((x) => x.profile.id === 'school-screen' && x.n === 2)!;
    expect(j).toMatchObject({ id: 'national/2022/school-screen/slogan-02', path: 'assets/national/2022/school-screen/slogan-02.png', thumbPath: 'thumbs/national/2022/school-screen/slogan-02.png', label: '2022年全国“质量月”', url: null, kind: 'slogan' });
  });

  it.each([
    ['share-og', 1, 'https://zlyue.example.gov.cn/national/2022/s/1/'],
    ['share-miniprogram', 3, 'https://zlyue.example.gov.cn/national/2022/s/3/'],
    ['share-square', undefined, 'https://zlyue.example.gov.cn/national/2022/'],
  ])('%s job %s points its QR code at %s', (id, n, url) => {
    const j = jobs.find((x) => x.profile.id === id && x.n === n)!;
    expect(j.url).toBe(url);
    expect(j.preview).toBe(false);
  });

  it('marks share cards as previews when baseUrl is missing', () => {
    const local = planJobs(real, LOCAL_SITE, [findProfile('share-og')!]);
    expect(local.every((j) => j.preview && j.url!.startsWith('http://localhost:8080/'))).toBe(true);
    expect(planJobs(real, LOCAL_SITE, [findProfile('school-screen')!]).every((j) => !j.preview)).toBe(true);
  });

  it('gives thumbnails only to assets wider than 400 px', () => {
    for (const j of jobs) expect(j.thumbPath !== undefined, j.id).toBe(j.width > 400);
  });

  it('plans LED strips and pages with BMPs', () => {
    const bus = jobs.filter((j) => j.profile.id === 'transit-bus-led' && j.n === 1);
    expect(bus.map((j) => [j.name, j.kind, j.width, j.height, j.text])).toEqual([
      ['slogan-01-strip', 'led-strip', 21 * 32 + 2 * 8, 32, '深入实施质量提升行动 大力推进质量强国建设'],
      ['slogan-01-p1', 'led-page', 128, 32, '深入实施质量提升行动'],
      ['slogan-01-p2', 'led-page', 128, 32, '大力推进质量强国建设'],
    ]);
    expect(bus.map((j) => j.bmpPath)).toEqual(['assets/national/2022/transit-bus-led/slogan-01-strip.bmp', 'assets/national/2022/transit-bus-led/slogan-01-p1.bmp', 'assets/national/2022/transit-bus-led/slogan-01-p2.bmp']);
    expect(bus[1]!.led).toEqual({ cell: 16, lines: ['深入实施质量', '提升行动'], margin: 0 });
  });

  it('splits a bar text too long for one legible line into its halves, one image each', () => {
    const bar = jobs.filter((j) => j.profile.id === 'transit-bar');
    expect(bar.map((j) => [j.name, j.text])).toEqual([
      ['theme', '加强质量支撑 共建质量强国'],
      ['slogan-01-a', '深入实施质量提升行动'],
      ['slogan-01-b', '大力推进质量强国建设'],
      ['slogan-02', '坚持质量第一 建设质量强国'],
      ['slogan-03', '质量发展 利民惠民'],
    ]);
  });
});

describe('LED paging', () => {
  it.each([
    // 128×32 holds 2 lines of 8 characters at 16 dots; each half starts its own page.
    ['transit-bus-led', '深入实施质量提升行动 大力推进质量强国建设', 16, [['深入实施质量', '提升行动'], ['大力推进质量', '强国建设']]],
    ['transit-bus-led', '质量发展 利民惠民', 16, [['质量发展', '利民惠民']]],
    // 192×64: the fewest pages, then the largest characters (32 dots: 2 lines of 6).
    ['community-led', '建设质量强国 共享美好生活', 32, [['建设质量强国', '共享美好生活']]],
    ['community-led', '提升产品、工程和服务质量 推动经济高质量发展', 21, [['提升产品、', '工程和服务质量', '推动经济高质量发展']]],
  ])('%s: %s at %i dots', (id, text, cell, pages) => {
    const paging = ledPaging(text, findProfile(id)!, '口号');
    expect(paging.cell).toBe(cell);
    expect(paging.pages.map((p) => p.lines)).toEqual(pages);
  });

  it('sizes a strip to the panel height, as wide as the text needs', () => {
    expect(ledStrip('质量发展 利民惠民', findProfile('community-led')!)).toEqual({ cell: 64, width: 9 * 64 + 2 * 16, margin: 16 });
  });
});

describe('bar parts', () => {
  const bar = findProfile('transit-bar')!;
  const label = barLabelLines(2022, '全国', false, false);
  it.each([
    ['质量发展 利民惠民', ['质量发展 利民惠民']],
    ['走质量效益型发展道路 打造区域质量发展新优势', ['走质量效益型发展道路', '打造区域质量发展新优势']],
    // No space: balanced phrase groups.
    ['坚持以质量提升推动经济社会高质量发展行稳致远', ['坚持以质量提升推动经济', '社会高质量发展行稳致远']],
  ])('%s → %j', (text, parts) => {
    expect(barParts(text, bar, label, '口号')).toEqual(parts);
  });
});
