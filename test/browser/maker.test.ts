import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign, Site } from '../../src/campaign/model.ts';
import { loadKitData } from '../../src/campaign/load.ts';
import { importNotice } from '../../src/notice/import-notice.ts';
import { draftFromCampaign, encodeDraft, type Draft } from '../../src/maker/draft.ts';
import { packReadme } from '../../src/pack-readme.ts';
import { planJobs } from '../../src/render/plan.ts';
import { PROFILES } from '../../src/render/profiles.ts';
import { MAKER_ENGINE } from '../../src/site/maker.ts';
import { AXE_SOURCE, buildShipped, launch, serve, type Served } from './harness.ts';

// The /maker/ page in headless Chromium with its own Content-Security-Policy: every field labelled, axe clean at
// desktop and phone width, no request outside the site, drafts from #draft= links, downloads and ZIPs named as
// the CLI names them, and, after one visit, working with the network cut (its service worker).

let browser: Browser;
let shipped: Awaited<ReturnType<typeof buildShipped>>;
let served: Served;

const kit = loadKitData(path.resolve('data'));
const national2022 = kit.campaigns.find((c) => c.edition === 'national' && c.year === 2022)!;
const BASE_URL = 'https://zlgy.gov-test.cn/';
const SITE: Site = { title: '', pathPrefix: '/', defaultEdition: 'national', baseUrl: BASE_URL };

beforeAll(async () => {
  [browser, shipped] = await Promise.all([launch(), buildShipped()]);
  // The page runs the real engine the build wrote.
  if (!existsSync(path.join(shipped.outDir, MAKER_ENGINE.worker))) throw new Error(`the build wrote no ${MAKER_ENGINE.worker}`);
  served = await serve(shipped.outDir);
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
  shipped?.cleanup();
});

interface Opened {
  context: BrowserContext;
  page: Page;
  errors: string[];
  outside: string[];
}

async function open(hash = '', viewport = { width: 1280, height: 900 }, extra: Parameters<Browser['newContext']>[0] = {}): Promise<Opened> {
  const context = await browser.newContext({ viewport, acceptDownloads: true, ...extra });
  const outside: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(served.origin) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  context.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(served.origin) && !url.startsWith('blob:') && !url.startsWith('data:')) outside.push(url);
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(served.url('maker/') + hash);
  await page.waitForSelector('#maker[data-ready="true"]', { timeout: 60_000 });
  return { context, page, errors, outside };
}

/** Waits until the preview run that started after `after` has finished. */
async function previewed(page: Page, after = 0): Promise<number> {
  await page.waitForFunction((n) => Number(document.getElementById('maker')!.dataset.previewed ?? 0) > n, after, { timeout: 120_000 });
  return Number(await page.locator('#maker').getAttribute('data-previewed'));
}

const value = (page: Page, id: string) => page.locator(`#${id}`).inputValue();

describe('the maker page', () => {
  it('every form control has a label, and axe finds 0 violations at desktop and phone width', async () => {
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      // axe is injected as a script, which the page's own CSP would (rightly) refuse.
      const { context, page, errors } = await open('', viewport, { bypassCSP: true });
      await previewed(page);
      const unlabelled = await page.evaluate(() =>
        Array.from(document.querySelectorAll('#maker input, #maker select, #maker textarea, #maker button'))
          .filter((el) => {
            const labels = (el as HTMLInputElement).labels;
            const name = (labels && labels.length ? labels[0]!.textContent : '') || el.getAttribute('aria-label') || (el.tagName === 'BUTTON' ? el.textContent : '');
            return !name || !name.trim();
          })
          .map((el) => el.outerHTML.slice(0, 80)),
      );
      expect(unlabelled).toEqual([]);
      await page.addScriptTag({ content: AXE_SOURCE });
      const result = (await page.evaluate('axe.run(document)')) as { violations: { id: string; help: string; nodes: { target: string[] }[] }[] };
      expect(result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`), `${viewport.width}px`).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('the CSP allows only the site itself (plus WebAssembly and blob: previews), and nothing leaves the site', async () => {
    const html = readFileSync(path.join(shipped.outDir, 'maker/index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval'(;| 'sha256)/);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:/);
    const draft = { ...draftFromCampaign(national2022, BASE_URL), slogans: ['坚持质量第一 建设质量强国'] };
    const { context, page, outside, errors } = await open(`#${encodeDraft(draft)}`);
    await previewed(page);
    await page.fill('#f-theme', '质量 第一');
    await previewed(page, 1);
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a #draft= link opens the draft, and 复制链接 makes a link that opens the same draft', async () => {
    const draft: Draft = { ...draftFromCampaign(national2022, BASE_URL), edition: 'beijing-haidian', editionName: '海淀区', issuer: '海淀区市场监管局', slogans: ['质量强区 标准引领', '人人重视质量'], sample: true };
    const { context, page } = await open(`#${encodeDraft(draft)}`);
    expect(await value(page, 'f-editionName')).toBe('海淀区');
    expect(await value(page, 'f-edition')).toBe('beijing-haidian');
    expect(await value(page, 'f-issuer')).toBe('海淀区市场监管局');
    expect(await value(page, 'f-slogans')).toBe('质量强区 标准引领\n人人重视质量');
    expect(await value(page, 'f-baseUrl')).toBe(BASE_URL);
    expect(await page.locator('#f-sample').isChecked()).toBe(true);
    await page.fill('#f-editionName', '海淀区（改）');
    await page.click('#copy-link');
    const link = await value(page, 'share-link');
    expect(link.startsWith(served.url('maker/#draft='))).toBe(true);
    const again = await context.newPage();
    await again.goto(link);
    await again.waitForSelector('#maker[data-ready="true"]');
    expect(await value(again, 'f-editionName')).toBe('海淀区（改）');
    expect(await value(again, 'f-slogans')).toBe('质量强区 标准引领\n人人重视质量');
    await context.close();
  });

  it('shows the checker’s Chinese message next to the field, and 清除草稿 forgets the saved draft', async () => {
    const { context, page } = await open();
    await page.fill('#f-slogans', `质量第一\n${'质'.repeat(41)}`);
    await page.waitForFunction(() => document.getElementById('e-slogans')!.textContent!.length > 0);
    const text = await page.locator('#e-slogans').textContent();
    expect(text).toContain('第 2 条');
    expect(text).toContain('过长（41 字），最多 40 字');
    await page.fill('#f-slogans', '质量第一\n质量第一');
    await page.waitForFunction(() => document.getElementById('e-slogans')!.textContent!.includes('重复'));
    expect(await page.locator('#e-slogans').textContent()).toBe('第 2 条「质量第一」：口号重复：与 slogans[0]「质量第一」相同，请删除其中一条');
    expect(await page.locator('#f-slogans').getAttribute('aria-invalid')).toBe('true');
    await page.fill('#f-edition', 'Tian Jin');
    await page.waitForFunction(() => document.getElementById('e-edition')!.textContent!.includes('版本标识只能包含小写字母'));
    // Saved on this computer: a reload restores the edit; 清除草稿 forgets it.
    await page.fill('#f-slogans', '本机保存的口号');
    await page.fill('#f-edition', 'tianjin');
    await page.waitForFunction(() => (localStorage.getItem('qmkit-maker-draft') ?? '').includes('本机保存的口号'));
    await page.reload();
    await page.waitForSelector('#maker[data-ready="true"]');
    expect(await value(page, 'f-slogans')).toBe('本机保存的口号');
    await page.click('#clear-draft');
    expect(await page.evaluate(() => localStorage.getItem('qmkit-maker-draft'))).toBeNull();
    expect(await value(page, 'f-slogans')).toBe(national2022.slogans.join('\n'));
    await context.close();
  });

  it('pasting a notice runs the CLI importer in the page and fills the form, with the same hints', async () => {
    const text = readFileSync(path.resolve('test/fixtures/notices/2022-tianjin.txt'), 'utf8');
    const cli = importNotice(text, { sourceFile: '粘贴的通知.txt', edition: 'tianjin' });
    const { context, page } = await open();
    await page.click('#base-apply'); // the picker shows the default campaign; the form keeps it
    await page.fill('#f-edition', 'tianjin');
    await page.fill('#f-slogans', '');
    await page.click('#notice-box summary');
    await page.fill('#notice', text);
    await page.click('#notice-import');
    await page.waitForFunction(() => document.getElementById('notice-result')!.textContent!.length > 0);
    expect(await value(page, 'f-theme')).toBe(cli.campaign.theme);
    expect(await value(page, 'f-year')).toBe(String(cli.campaign.year));
    expect(await value(page, 'f-edition')).toBe('tianjin');
    expect(await value(page, 'f-editionName')).toBe(cli.campaign.editionName ?? '');
    expect(await value(page, 'f-issuer')).toBe(cli.campaign.issuer ?? '');
    const hints = await page.locator('#notice-result li').allTextContents();
    expect(hints).toEqual(cli.warnings);
    expect(hints.length).toBeGreaterThan(0);
    await context.close();
  });
});

describe('opening a campaign file', () => {
  it('the file picker (keyboard-reachable) loads a campaign YAML; a broken one lists the checker’s errors with lines', async () => {
    const { context, page } = await open();
    await page.setInputFiles('#yaml-file', path.resolve('data/campaigns/national/2020.yaml'));
    await page.waitForFunction(() => document.getElementById('file-result')!.textContent!.includes('已载入'));
    const national = kit.campaigns.find((c) => c.edition === 'national' && c.year === 2020)!;
    expect(await value(page, 'f-editionName')).toBe(national.editionName);
    expect(await value(page, 'f-theme')).toBe(national.theme);
    await page.setInputFiles('#yaml-file', { name: '2022.yaml', mimeType: 'text/yaml', buffer: Buffer.from('year: 2022\nedition: national\nslogan: [a]\n') });
    await page.waitForFunction(() => document.getElementById('file-result')!.textContent!.includes('没有载入'));
    const errors = await page.locator('#file-result li').allTextContents();
    expect(errors).toContain('2022.yaml:3:1 slogan: 未知字段 slogan，是否应为 slogans？');
    expect(await value(page, 'f-theme')).toBe(national.theme);
    await context.close();
  });

  it('a campaign YAML dropped anywhere on the page loads like the file picker', async () => {
    const { context, page } = await open();
    const yaml = readFileSync(path.resolve('data/campaigns/national/2020.yaml'), 'utf8');
    // A real drag: dragenter marks the page, drop hands over the file (a DataTransfer made in the page).
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], '2020.yaml', { type: 'text/yaml' }));
      return dt;
    }, yaml);
    await page.dispatchEvent('body', 'dragenter', { dataTransfer });
    expect(await page.evaluate(() => document.body.classList.contains('dragging'))).toBe(true);
    await page.dispatchEvent('body', 'drop', { dataTransfer });
    await page.waitForFunction(() => document.getElementById('file-result')!.textContent!.includes('已载入'));
    expect(await page.evaluate(() => document.body.classList.contains('dragging'))).toBe(false);
    const national = kit.campaigns.find((c) => c.edition === 'national' && c.year === 2020)!;
    expect(await value(page, 'f-editionName')).toBe(national.editionName);
    expect(await value(page, 'f-theme')).toBe(national.theme);
    await context.close();
  });
});

describe('previews and downloads', () => {
  it('keyboard only: type a slogan, pick it, and every screen shows a preview with the slogan in its alt text', async () => {
    const draft = { ...draftFromCampaign(national2022, BASE_URL), slogans: [] };
    const { context, page } = await open(`#${encodeDraft(draft)}`);
    let run = await previewed(page);
    await page.focus('#f-slogans');
    await page.keyboard.type('质量提升 共建共享');
    run = await previewed(page, run);
    // Tab onward to the preview picker and choose the slogan with the arrow key.
    for (let i = 0; i < 20 && (await page.evaluate(() => document.activeElement?.id)) !== 'subject'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('subject');
    expect(await value(page, 'subject')).toBe('0');
    await page.keyboard.press('ArrowDown');
    expect(await value(page, 'subject')).toBe('1');
    run = await previewed(page, run);
    const alts = await page.locator('#groups [role="img"]').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('aria-label')));
    expect(alts.length).toBeGreaterThanOrEqual(PROFILES.length);
    for (const alt of alts) expect(alt).toContain('质量提升 共建共享');
    // A download link is reachable by Tab and named as the CLI names the file.
    const links = await page.locator('#groups a[download]').evaluateAll((as) => as.map((a) => a.getAttribute('download')));
    const campaign: Campaign = { ...national2022, slogans: ['质量提升 共建共享'] };
    const expected = planJobs(campaign, SITE).filter((j) => j.n === 1).flatMap((j) => [j.path, ...(j.bmpPath ? [j.bmpPath] : [])]).map((p) => p.split('/').slice(3).join('/'));
    expect(links).toEqual(expected);
    expect(links).toContain('school-screen/slogan-01.png');
    const [download] = await Promise.all([page.waitForEvent('download'), (async () => {
      await page.focus('#groups a[download="school-screen/slogan-01.png"]');
      await page.keyboard.press('Enter');
    })()]);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBe(1920);
    expect(bytes.readUInt32BE(20)).toBe(1080);
    await context.close();
  });

  it('a worker that has made many renders is replaced by a fresh one once idle, and previews go on', async () => {
    const draft = { ...draftFromCampaign(national2022, BASE_URL), slogans: national2022.slogans.slice(0, 1) };
    const { context, page, errors } = await open(`#${encodeDraft(draft)}`);
    // The engine worker is the page's first; print workers come and go with each preview.
    const first = page.workers()[0]!;
    let closed = false;
    first.on('close', () => (closed = true));
    let run = await previewed(page);
    // 15 screens per preview run on the main worker: the fifth run passes the 64 renders a worker makes.
    for (let k = 0; k < 5 && !closed; k++) {
      await page.fill('#f-slogans', `${national2022.slogans[k + 1]}`);
      run = await previewed(page, run);
    }
    await expect.poll(() => closed, { timeout: 30_000 }).toBe(true);
    await page.fill('#f-slogans', '质量提升 共建共享');
    await previewed(page, run);
    const alts = await page.locator('#groups [role="img"]').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('aria-label')));
    expect(alts.length).toBeGreaterThanOrEqual(PROFILES.length);
    for (const alt of alts) expect(alt).toContain('质量提升 共建共享');
    expect(await page.locator('#groups li.bad').count()).toBe(0);
    expect(page.workers()).not.toContain(first);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the ZIP of an audience holds the CLI pack’s names and 使用说明.txt, with a progress indicator', async () => {
    const draft = { ...draftFromCampaign(national2022, BASE_URL), slogans: national2022.slogans.slice(0, 2) };
    const { context, page } = await open(`#${encodeDraft(draft)}`);
    await previewed(page);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('button[data-zip="community"]')]);
    expect(download.suggestedFilename()).toBe('national-2022-community.zip');
    const progress = page.locator('[data-progress="community"] progress');
    expect(await progress.getAttribute('max')).toBe(String(PROFILES.filter((p) => p.audience === 'community').length * 3));
    const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    const campaign: Campaign = { ...national2022, slogans: national2022.slogans.slice(0, 2) };
    const jobs = planJobs(campaign, SITE).filter((j) => j.audience === 'community');
    const paths = jobs.flatMap((j) => [j.path, ...(j.bmpPath ? [j.bmpPath] : [])]);
    expect(Object.keys(files)).toEqual(['使用说明.txt', ...paths.map((p) => p.split('/').slice(3).join('/'))]);
    // As the CLI's packs: every file listed in the manifest (a BMP is a file of its own) counts.
    const assets = jobs.flatMap((j) => (j.bmpPath ? [j, j] : [j])).map((j) => ({ profile: j.profile.id }));
    expect(new TextDecoder().decode(files['使用说明.txt'])).toBe(packReadme(campaign, 'community', assets));
    await context.close();
  });
});

async function saveDownload(d: Download): Promise<Buffer> {
  return readFileSync((await d.path())!);
}

describe('the CLI’s errors, beside the screen they are about', () => {
  it('a character the fonts lack and a slogan too long for a screen give the CLI’s messages', async () => {
    const tooLong = '质量'.repeat(20);
    const missing = `质量第一 ${String.fromCodePoint(0x13000)}`;
    // What the CLI says: its planner and layouts (Node fonts) fail the screens the text cannot fit, with sizes.
    const { buildFonts, loadFontFiles } = await import('../../src/render/fonts-node.ts');
    const { layoutJob, jobTexts } = await import('../../src/render/render.ts');
    const campaign = { ...national2022, slogans: [tooLong] };
    const cliErrors = new Map<string, string>();
    const jobsOf = (profile: (typeof PROFILES)[number]) => {
      try {
        return planJobs(campaign, SITE, [profile]).filter((j) => j.n === 1);
      } catch (e) {
        cliErrors.set(profile.id, (e as Error).message);
        return [];
      }
    };
    const jobs = PROFILES.flatMap((p) => jobsOf(p));
    const fonts = await buildFonts(jobs.flatMap(jobTexts), loadFontFiles());
    for (const job of jobs) {
      try {
        layoutJob(job, fonts);
      } catch (e) {
        if (!cliErrors.has(job.profile.id)) cliErrors.set(job.profile.id, (e as Error).message);
      }
    }
    expect(cliErrors.size).toBeGreaterThan(0);
    const { missingGlyphError } = await import('../../src/render/messages.ts');
    const glyph = missingGlyphError('口号', missing, 0x13000).message;
    const { context, page } = await open(`#${encodeDraft({ ...draftFromCampaign(national2022, BASE_URL), slogans: [tooLong, missing] })}`);
    let run = await previewed(page);
    for (const [id, message] of cliErrors) expect(await page.locator(`#p-${id} .verdict`).textContent(), id).toContain(message);
    await page.selectOption('#subject', '2');
    run = await previewed(page, run);
    expect(await page.locator('#p-school-screen .verdict').textContent()).toContain(glyph);
    expect(glyph).toContain('U+13000');
    await context.close();
  });
});

describe('offline after one visit', () => {
  it('with the network cut, the page reloads, a new slogan renders and downloads', async () => {
    const draft = { ...draftFromCampaign(national2022, BASE_URL), slogans: ['质量第一 建设强国'] };
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(served.url('maker/') + `#${encodeDraft(draft)}`);
    await page.waitForSelector('#maker[data-ready="true"]', { timeout: 60_000 });
    await previewed(page);
    // The engine starts before the service worker controls the page; the page then has it keep what the engine used.
    await page.waitForSelector('#maker[data-offline="true"]', { timeout: 60_000 });
    expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    expect(await page.locator('#engine-status').textContent()).toBe('制作工具已就绪，断网后也能使用。');
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('#maker[data-ready="true"]', { timeout: 60_000 });
    let run = await previewed(page);
    // A new slogan made of characters the first visit already used.
    await page.fill('#f-slogans', '建设质量强国 第一');
    run = await previewed(page, run);
    expect(await page.locator('#preview-status').textContent()).toContain('建设质量强国 第一');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#groups a[download="share-square/slogan-01.png"]')]);
    const bytes = await saveDownload(download);
    expect(bytes.readUInt32BE(16)).toBe(1080);
    await context.close();
  });
});


describe('screenshots for the README', () => {
  it('the form and the previews at desktop and phone size', async () => {
    const dir = process.env.CI ? path.join(shipped.outDir, '..', 'qmkit-screenshots') : path.resolve('docs/screenshots');
    mkdirSync(dir, { recursive: true });
    const draft = { ...draftFromCampaign(national2022, BASE_URL) };
    for (const [name, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
      const { context, page } = await open(`#${encodeDraft(draft)}`, viewport, { deviceScaleFactor: name === 'phone' ? 2 : 1, locale: 'zh-CN' });
      await previewed(page);
      // The status line reads "…断网后也能使用" once the service worker keeps the engine: show that, every time.
      await page.waitForSelector('#maker[data-offline="true"]', { timeout: 60_000 });
      await page.evaluate('document.fonts.ready');
      await page.evaluate(() => window.scrollTo(0, 0));
      expect((await page.screenshot({ path: path.join(dir, `maker-${name}.png`) })).length).toBeGreaterThan(10_000);
      await page.locator('#preview-h').scrollIntoViewIfNeeded();
      await page.evaluate(() => document.getElementById('preview-h')!.scrollIntoView({ block: 'start' }));
      // The previews are canvases: let two frames paint them before the picture is taken.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      expect((await page.screenshot({ path: path.join(dir, `maker-preview-${name}.png`) })).length).toBeGreaterThan(10_000);
      await context.close();
    }
  });
});
