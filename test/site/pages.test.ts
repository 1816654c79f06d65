import { makeReport } from '../../src/audit/report.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetPath, sloganName } from '../../src/urls.ts';
import { planJobs } from '../../src/render/plan.ts';
import type { RenderJob } from '../../src/render/job.ts';
import { PROFILES } from '../../src/render/profiles.ts';
import { buildSite } from '../../src/site/build-site.ts';
import { buildFixture, readPage, text, type Fixture } from './fixture.ts';

let f: Fixture;
beforeAll(async () => {
  f = await buildFixture();
});
afterAll(() => f?.cleanup());

const page = (p: string) => readPage(f.outDir, p);
const meta = (root: ReturnType<typeof page>['root'], key: string) =>
  root.querySelector(`meta[property="${key}"]`)?.getAttribute('content') ?? root.querySelector(`meta[name="${key}"]`)?.getAttribute('content');

describe('buildSite', () => {
  it('writes every page, and reports them relative to the output folder', () => {
    expect(f.result.pages).toEqual(
      expect.arrayContaining([
        '404.html',
        'index.html',
        'guide/index.html',
        'national/2024/index.html',
        'national/2024/s/1/index.html',
        'national/2024/s/3/index.html',
        'national/2024/posters/index.html',
        'national/2024/posters/school-screen/index.html',
        'national/2024/posters/community-led-128x32/index.html',
        'national/2024/display/index.html',
        'national/2023/index.html',
        'hostile/2022/s/4/index.html',
      ]),
    );
    expect(f.result.pages).not.toContain('national/2024/s/4/index.html');
    expect(f.result.pages).not.toContain('national/2023/s/1/index.html');
    for (const p of f.result.pages) expect(existsSync(path.join(f.outDir, p))).toBe(true);
    expect(existsSync(path.join(f.outDir, f.result.font.file))).toBe(true);
  });

  it('every page is Simplified Chinese', () => {
    for (const p of f.result.pages) expect(page(p).root.querySelector('html')?.getAttribute('lang'), p).toBe('zh-CN');
  });
});

describe('home', () => {
  it('shows the newest year of the default edition prominently, its years newest first, then the local editions by province', () => {
    const { root } = page('index.html');
    expect(text(root.querySelector('h1'))).toBe('加强质量支撑 共建质量强国');
    const entries = root.querySelectorAll('.timeline li').map((li) => li.querySelector('.when')!.textContent);
    expect(entries).toEqual(['2024年 · 全国', '2023年 · 全国']);
    expect(root.querySelectorAll('.timeline a').map((a) => a.getAttribute('href'))).toEqual(['national/2024/', 'national/2023/']);
    // One local edition with no province: one group, no index and no search box for so few.
    expect(root.querySelectorAll('.region h3').map((h) => h.childNodes[0]!.textContent)).toEqual(['其他地区']);
    expect(root.querySelectorAll('.editions a').map((a) => [a.textContent, a.getAttribute('href')])).toEqual([['{{ 7*7 }}', 'hostile/2022/']]);
    expect(root.querySelector('.regions')).toBeNull();
    expect(root.querySelector('#q')).toBeNull();
  });

  it('marks sample data with 示例 on the hero and on exactly the sample entries', () => {
    const { root } = page('index.html');
    expect(text(root.querySelector('.hero .badge'))).toBe('示例');
    expect(root.querySelectorAll('.timeline li').map((li) => li.querySelector('.badge')?.textContent ?? '')).toEqual(['示例', '']);
    expect(text(root.querySelector('.region h3 .badge'))).toBe('示例');
  });
});

describe('year page', () => {
  it('shows the theme, the slogans each linking to its share page, and the sections that have content', () => {
    const { root } = page('national/2024/index.html');
    expect(text(root.querySelector('h1'))).toBe('加强质量支撑 共建质量强国');
    expect(root.querySelectorAll('.slogans a').map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['坚持质量第一 建设质量强国', 's/1/'],
      ['人人创造质量 人人享受质量', 's/2/'],
      ['质量发展 利民惠民', 's/3/'],
    ]);
    expect(root.querySelectorAll('h2').map((h) => h.textContent)).toEqual(['活动口号', '活动内容', '重点安排', '主办单位', '通知原文']);
    expect(root.querySelectorAll('#focus ~ ol h3, section[aria-labelledby="focus"] h3').map((h) => h.textContent)).toEqual(['扎实推进《纲要》贯彻落实', '推动质量社会共治']);
    expect(root.querySelector('.badge')?.textContent).toBe('示例');
  });

  it('is honest about a truncated organizer list', () => {
    const { root } = page('national/2024/index.html');
    const section = root.querySelector('section[aria-labelledby="organizers"]')!;
    expect(text(section.querySelector('p'))).toBe('共 21 个部门，以下列出 9 个。');
    expect(section.querySelectorAll('.orgs li')).toHaveLength(9);
  });

  it('shows the notice title, document number, date in Chinese form and source', () => {
    const { root } = page('national/2024/index.html');
    const pairs = Object.fromEntries(root.querySelectorAll('.notice dt').map((dt) => [dt.textContent, dt.nextElementSibling!.textContent]));
    expect(pairs).toEqual({
      标题: '关于开展2024年全国“质量月”活动的通知',
      文号: '国市监质发〔2024〕00号',
      成文日期: '2024年7月26日',
      发文单位: '市场监管总局等21个部门',
      来源: '2024-national.txt',
    });
    expect(root.querySelector('.notice a')?.getAttribute('href')).toBe('https://www.samr.gov.cn/');
  });

  it('says honestly when slogans are not entered, omits empty sections and has no 示例 badge for real data', () => {
    const { root } = page('national/2023/index.html');
    expect(text(root.querySelector('.empty'))).toContain('口号尚未录入');
    expect(root.querySelector('.slogans')).toBeNull();
    expect(root.querySelectorAll('h2').map((h) => h.textContent)).toEqual(['活动口号', '通知原文']);
    expect(root.querySelector('.badge')).toBeNull();
  });

  it('links to the gallery and the signage page', () => {
    const hrefs = page('national/2024/index.html').root.querySelectorAll('main a').map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(expect.arrayContaining(['posters/', 'display/']));
  });
});

describe('share page', () => {
  it('shows the slogan large, the theme and a link back to the year page', () => {
    const { root } = page('national/2024/s/2/index.html');
    expect(text(root.querySelector('h1.slogan'))).toBe('人人创造质量 人人享受质量');
    expect(text(root.querySelector('.theme strong'))).toBe('加强质量支撑 共建质量强国');
    expect(root.querySelector('a[href="../../"]')).not.toBeNull();
    expect(text(root.querySelector('.share .badge'))).toBe('示例');
  });

  it('has complete Open Graph and Twitter meta with absolute URLs from baseUrl', () => {
    const { root } = page('national/2024/s/2/index.html');
    const og = assetPath('national', 2024, 'share-og', sloganName(2), 'png');
    expect({
      title: meta(root, 'og:title'),
      description: meta(root, 'og:description'),
      type: meta(root, 'og:type'),
      url: meta(root, 'og:url'),
      image: meta(root, 'og:image'),
      width: meta(root, 'og:image:width'),
      height: meta(root, 'og:image:height'),
      locale: meta(root, 'og:locale'),
      card: meta(root, 'twitter:card'),
      twitterImage: meta(root, 'twitter:image'),
      canonical: root.querySelector('link[rel="canonical"]')?.getAttribute('href'),
    }).toEqual({
      title: '人人创造质量 人人享受质量',
      description: '2024年全国“质量月”口号。主题：加强质量支撑 共建质量强国',
      type: 'website',
      url: 'https://zlgy.gov-test.cn/national/2024/s/2/',
      image: `https://zlgy.gov-test.cn/${og}`,
      width: '1200',
      height: '630',
      locale: 'zh_CN',
      card: 'summary_large_image',
      twitterImage: `https://zlgy.gov-test.cn/${og}`,
      canonical: 'https://zlgy.gov-test.cn/national/2024/s/2/',
    });
    // The image is the one the planner renders for this slogan on the share-og profile.
    const job = f.plan(f.kit.campaigns[0]!, f.kit.site).find((j: RenderJob) => j.profile.id === 'share-og' && j.n === 2);
    expect(job?.path).toBe(og);
  });

  it('links to the previous and next slogans only where they exist', () => {
    expect(page('national/2024/s/1/index.html').root.querySelectorAll('.pager a').map((a) => a.getAttribute('href'))).toEqual(['../2/']);
    expect(page('national/2024/s/3/index.html').root.querySelectorAll('.pager a').map((a) => a.getAttribute('href'))).toEqual(['../2/']);
    expect(page('national/2024/s/2/index.html').root.querySelectorAll('.pager a').map((a) => a.getAttribute('href'))).toEqual(['../1/', '../3/']);
  });
});

describe('gallery', () => {
  it('groups by audience in order, with a ZIP per audience and one sample per surface on the hub', () => {
    const { root } = page('national/2024/posters/index.html');
    expect(root.querySelectorAll('section.group h2').map((h) => h.textContent)).toEqual(['学校', '社区', '公共交通', '分享', '打印']);
    expect(root.querySelectorAll('a.pack').map((a) => [a.getAttribute('href'), a.hasAttribute('download')])).toEqual(
      ['school', 'community', 'transit', 'share', 'print'].map((a) => [`../../../downloads/national-2024-${a}.zip`, true]),
    );
    expect(root.querySelectorAll('section.group h3')).toHaveLength(PROFILES.length);
    expect(text(root.querySelector('.kicker .badge'))).toBe('示例');
  });

  it('links each surface to its own page, which shows every planned file with a small thumbnail, its size and a direct download', () => {
    const hub = page('national/2024/posters/index.html').root;
    expect(hub.querySelectorAll('section.group p > a:not(.pack)').map((a) => a.getAttribute('href'))).toEqual(PROFILES.map((p) => `${p.id}/`));
    for (const profile of PROFILES) {
      const { root } = page(`national/2024/posters/${profile.id}/index.html`);
      expect(text(root.querySelector('h1'))).toBe(profile.label);
      const jobs = planJobs(f.kit.campaigns[0]!, f.kit.site).filter((j) => j.profile.id === profile.id);
      const items = root.querySelectorAll('.grid li');
      expect(items, profile.id).toHaveLength(jobs.length);
      jobs.forEach((job, i) => {
        const li = items[i]!;
        const img = li.querySelector('img')!;
        const led = job.profile.colourMode !== 'full';
        // LED files (tiny indexed PNGs) are their own thumbnail; every other file shows its thumbnail, so the
        // 3508×4961 print originals never load in the gallery.
        expect(img.getAttribute('src')).toBe(`../../../../${led ? job.path : job.thumbPath}`);
        expect(img.getAttribute('alt')).toBe(job.text);
        expect(img.getAttribute('loading')).toBe('lazy');
        const strip = job.kind === 'led-strip';
        expect(li.classList.contains('wide')).toBe(strip);
        expect(Number(img.getAttribute('width'))).toBeLessThanOrEqual(strip ? 880 : 240);
        expect(Number(img.getAttribute('height'))).toBeLessThanOrEqual(strip ? 64 : 180);
        expect(li.textContent).toContain(`${job.width}×${job.height} 像素`);
        expect(li.querySelectorAll('a[download]').map((a) => a.getAttribute('href'))).toEqual(
          [job.path, job.bmpPath, job.gifPath, job.pdfPath].filter(Boolean).map((p) => `../../../../${p}`),
        );
        // LED strips link their scrolling GIF; A4 and A3 posters their print PDF, named for the print shop.
        if (job.gifPath) expect(li.querySelector(`a[href="../../../../${job.gifPath}"]`)?.textContent).toBe('滚动 GIF');
        if (job.pdfPath) expect(li.querySelector(`a[href="../../../../${job.pdfPath}"]`)?.textContent).toBe('印刷 PDF（送印刷厂）');
        expect(Boolean(job.gifPath)).toBe(job.kind === 'led-strip');
        expect(Boolean(job.pdfPath)).toBe(job.profile.id === 'print-a4' || job.profile.id === 'community-board-a3');
      });
      expect(root.querySelector(`a.pack[href="../../../../downloads/national-2024-${profile.audience}.zip"]`), profile.id).not.toBeNull();
    }
  });

  it('the fixture planner is planJobs itself for data every surface can hold', () => {
    expect(f.plan(f.kit.campaigns[0]!, f.kit.site)).toEqual(planJobs(f.kit.campaigns[0]!, f.kit.site));
  });

  it('links to the audit page only for edition-years the build audited; the page lists failures in red', async () => {
    expect(page('national/2024/posters/index.html').html).not.toContain('audit/');
    const rule = (ok: boolean, detail: string) => ({ rule: 'min-size' as const, ok, detail });
    const record = (file: string, ok: boolean) => ({
      path: `assets/national/2024/transit-bus-led/${file}`,
      profile: 'transit-bus-led',
      kind: 'led-page',
      text: '测试',
      ok,
      minCharPx: ok ? 16 : 12,
      minCharMm: ok ? 80 : 60,
      requiredPx: 16,
      requiredMm: 49.8,
      minContrast: 5.25,
      requiredContrast: 4.5,
      rules: [rule(ok, ok ? '最小字高 16 px' : '最小字高 12 px（60 mm），要求 ≥ 16 px')],
    });
    const audit = makeReport([record('slogan-01-p1.png', true), record('slogan-02-p1.png', false)]);
    await buildSite({ kit: f.kit, outDir: f.outDir, quiet: true, manifest: f.manifest, audit });
    expect(page('national/2024/posters/index.html').root.querySelector('a[href="../audit/"]')).not.toBeNull();
    expect(page('national/2023/posters/index.html').html).not.toContain('audit/');
    const { root } = page('national/2024/audit/index.html');
    expect(text(root.querySelector('p.audit-bad'))).toBe('有 1 个文件未通过检查（共 2 个），请勿投放这些文件。');
    expect(root.querySelectorAll('.audit-failures tbody tr').map((tr) => tr.querySelectorAll('td').map((td) => text(td)))).toEqual([
      ['transit-bus-led/slogan-02-p1.png', '最小字高', '最小字高 12 px（60 mm），要求 ≥ 16 px'],
    ]);
    expect(root.querySelector('tr.audit-bad td')).not.toBeNull();
  });
});

describe('signage page', () => {
  it('holds the theme and every slogan as slides, self-contained with inline CSS and script', () => {
    const { root } = page('national/2024/display/index.html');
    expect(root.querySelectorAll('.slide').map((s) => [s.getAttribute('data-kind'), s.getAttribute('data-n'), s.querySelector('.text')!.textContent])).toEqual([
      ['theme', '0', '加强质量支撑 共建质量强国'],
      ['slogan', '1', '坚持质量第一 建设质量强国'],
      ['slogan', '2', '人人创造质量 人人享受质量'],
      ['slogan', '3', '质量发展 利民惠民'],
    ]);
    expect(root.querySelectorAll('link[rel="stylesheet"], script[src]')).toHaveLength(0);
    expect(root.querySelectorAll('style')).toHaveLength(1);
    expect(root.querySelectorAll('script')).toHaveLength(1);
    expect(text(root.querySelector('.badge'))).toBe('示例');
    expect(page('national/2023/display/index.html').root.querySelector('.badge')).toBeNull();
  });
});

describe('guide', () => {
  it('tells how to host, set baseUrl and pathPrefix, add data, and lists every profile with its folder', () => {
    const { root } = page('guide/index.html');
    const body = root.textContent;
    for (const phrase of ['nginx', 'IIS', 'Apache', 'pathPrefix: /zlgy/', 'baseUrl', 'qmkit import', 'qmkit check', 'data/campaigns/']) expect(body).toContain(phrase);
    const rows = root.querySelectorAll('#profiles tbody tr');
    expect(rows.map((r) => r.querySelectorAll('td').map((td) => td.textContent))).toEqual(
      PROFILES.map((p) => [p.label, expect.any(String), `${p.width}×${p.height}`, `assets/national/2024/${p.id}/`]),
    );
  });
});

describe('404 page', () => {
  it('links home with root-relative URLs under the path prefix, since it is served at any depth', () => {
    const { root } = page('404.html');
    expect(text(root.querySelector('h1'))).toBe('页面不存在');
    expect(root.querySelector('link[rel="stylesheet"]')?.getAttribute('href')).toBe('/static/site.css');
    expect(root.querySelector('main a')?.getAttribute('href')).toBe('/');
  });
});

describe('font', () => {
  it('covers exactly the characters set in the display font, and is small', () => {
    expect(f.result.font.chars).toBeGreaterThan(50);
    expect(f.result.font.bytes).toBeLessThanOrEqual(300 * 1024);
  });
});
