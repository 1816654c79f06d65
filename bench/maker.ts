// The maker scenario of `npm run bench` (issue 12): the /maker/ page in Debian's Chromium on a local server, each
// run in a fresh browser context (cold HTTP cache, no service worker yet). Medians of:
//   - page load → first preview (the first screen's card done; target ≤ 2 s), and → all 17 screens previewed;
//   - a preview update after typing, for the 1920×1080 screen: from the input event to its card (≤ 300 ms),
//     which includes the page's 150 ms pause after the last keystroke (DEBOUNCE_MS), and the render part alone;
//   - one slogan on all 17 screens plus the five audience ZIPs (theme + that slogan) (≤ 10 s);
//   - the renderer processes' memory after 50 slogans (< 512 MB): the page with its workers, the service worker
//     and Chromium's spare renderer, as PSS (each shared page counted once, split between the processes that map
//     it: RSS counts Chromium's ~150 MB of shared code once per process), with RSS and private memory beside it.
// It also reports the maker's transfer size: its script, the engine worker, the WASM, and the font slices the 2022
// national slogans need (raw and gzip -9), plus the bytes the cold first visit really fetched.
//
//   npx tsx bench/maker.ts [--runs 3]     (also part of `npm run bench`)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { sliceLookup, type SliceIndex } from '../src/browser/slice-index.ts';
import { loadKitData } from '../src/campaign/load.ts';
import { jobTexts } from '../src/render/render.ts';
import { planJobs } from '../src/render/plan.ts';
import { FIXED_CHARS } from '../src/render/fonts.ts';
import { draftFromCampaign, encodeDraft } from '../src/maker/draft.ts';
import { MAKER_ENGINE, MAKER_SCRIPT } from '../src/site/maker.ts';
import { buildShipped, serve } from '../test/browser/harness.ts';
import { CHROMIUM } from './chromium.ts';
import { DATA_DIR, EDITION, YEAR, fmt, median } from './common.ts';

export interface MakerResult {
  runs: number;
  firstPreviewMs: number[];
  allPreviewsMs: number[];
  typingToCardMs: number[];
  typingRenderMs: number[];
  oneSloganWithZipsMs: number[];
  oneSloganPreviewMs: number[];
  zipsMs: number[];
  /** After 50 slogans, summed over the renderer processes (see rendererMemory). */
  memAfter50: RendererMemory[];
  coldFetchedBytes: number[];
  transfer: { script: number; worker: number; yogaWasm: number; resvgWasm: number; slices: number; sliceCount: number; gzip: { script: number; worker: number; yogaWasm: number; resvgWasm: number; slices: number } };
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Bytes summed over the renderer processes; `rss` also per process, largest first (the page's own is the first). */
interface RendererMemory {
  pss: number;
  private: number;
  rss: number[];
}

/**
 * Memory of this browser's renderer processes (one page is open: the page with its workers, the service worker, and
 * Chromium's spare renderer), from /proc/<pid>/smaps_rollup: PSS and private (Chrome's task manager's "memory
 * footprint") summed, and RSS per process.
 */
async function rendererMemory(browser: Browser): Promise<RendererMemory> {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  await cdp.detach();
  const out: RendererMemory = { pss: 0, private: 0, rss: [] };
  for (const p of processInfo.filter((q) => q.type === 'renderer')) {
    const text = readFileSync(`/proc/${p.id}/smaps_rollup`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
    out.pss += kb('Pss');
    out.private += kb('Private_Clean') + kb('Private_Dirty');
    out.rss.push(kb('Rss'));
  }
  out.rss.sort((a, b) => b - a);
  return out;
}

const marks = (page: Page, prefix: string) =>
  page.evaluate((p) => performance.getEntriesByType('mark').filter((m) => m.name.startsWith(p)).map((m) => ({ name: m.name, t: m.startTime })), prefix);

async function previewed(page: Page, after: number): Promise<number> {
  await page.waitForFunction((n) => Number(document.getElementById('maker')!.dataset.previewed ?? 0) > n, after, { timeout: 300_000, polling: 20 });
  return Number(await page.locator('#maker').getAttribute('data-previewed'));
}

/** Sets the slogans field as typing would and returns the page time of the input event. */
const typeSlogans = (page: Page, text: string) =>
  page.evaluate((t) => {
    const box = document.getElementById('f-slogans') as HTMLTextAreaElement;
    box.value = t;
    const at = performance.now();
    box.dispatchEvent(new Event('input', { bubbles: true }));
    return at;
  }, text);

export function transferSizes(outDir: string, texts: readonly string[]): MakerResult['transfer'] {
  const file = (rel: string) => readFileSync(path.join(outDir, rel));
  const gz = (b: Uint8Array) => gzipSync(b, { level: 9 }).length;
  const fontsDir = path.dirname(path.join(outDir, MAKER_ENGINE.fonts));
  const index = JSON.parse(readFileSync(path.join(outDir, MAKER_ENGINE.fonts), 'utf8')) as SliceIndex;
  const lookup = sliceLookup(index);
  const need = new Set<number>();
  for (const t of [FIXED_CHARS, ...texts]) for (const ch of t) if (lookup.has(ch.codePointAt(0)!)) need.add(lookup.get(ch.codePointAt(0)!)!);
  const sliceFiles = [...need].map((i) => readFileSync(path.join(fontsDir, index.slices[i]!.file)));
  const parts = { script: file(MAKER_SCRIPT), worker: file(MAKER_ENGINE.worker), yogaWasm: file(MAKER_ENGINE.yogaWasm), resvgWasm: file(MAKER_ENGINE.resvgWasm) };
  return {
    script: parts.script.length,
    worker: parts.worker.length,
    yogaWasm: parts.yogaWasm.length,
    resvgWasm: parts.resvgWasm.length,
    slices: sliceFiles.reduce((s, b) => s + b.length, 0) + file(MAKER_ENGINE.fonts).length,
    sliceCount: need.size,
    gzip: { script: gz(parts.script), worker: gz(parts.worker), yogaWasm: gz(parts.yogaWasm), resvgWasm: gz(parts.resvgWasm), slices: sliceFiles.reduce((s, b) => s + gz(b), 0) + gz(file(MAKER_ENGINE.fonts)) },
  };
}

export async function runMakerBench(runs: number): Promise<MakerResult> {
  const kit = loadKitData(DATA_DIR);
  const campaign = kit.campaigns.find((c) => c.edition === EDITION && c.year === YEAR)!;
  const shipped = await buildShipped();
  const served = await serve(shipped.outDir);
  const site = { title: '', pathPrefix: '/', defaultEdition: EDITION, baseUrl: 'https://zlgy.gov-test.cn/' };
  const texts = planJobs(campaign, site).flatMap(jobTexts).map((t) => t.text);
  const result: MakerResult = {
    runs,
    firstPreviewMs: [],
    allPreviewsMs: [],
    typingToCardMs: [],
    typingRenderMs: [],
    oneSloganWithZipsMs: [],
    oneSloganPreviewMs: [],
    zipsMs: [],
    memAfter50: [],
    coldFetchedBytes: [],
    transfer: transferSizes(shipped.outDir, texts),
  };
  // 50 slogans: the 15 of 2022, then their halves recombined (bench input only; never shown or shipped).
  const halves = campaign.slogans.map((s) => s.split(' '));
  const fifty = [...campaign.slogans];
  for (const [i, a] of halves.entries())
    for (const b of halves.slice(i + 1)) {
      const s = `${a[0]} ${b[b.length - 1]}`;
      if (fifty.length < 50 && !fifty.includes(s)) fifty.push(s);
    }
  if (fifty.length < 50) throw new Error('bench: fewer than 50 slogans');
  const hash = `#${encodeDraft(draftFromCampaign(campaign, site.baseUrl))}`;
  let browser: Browser | undefined;
  try {
    for (let r = 0; r < runs; r++) {
      browser = await chromium.launch(CHROMIUM);
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
      let fetched = 0;
      context.on('requestfinished', async (req) => {
        const res = await req.response();
        if (res && !res.fromServiceWorker()) fetched += (await req.sizes()).responseBodySize;
      });
      const page = await context.newPage();
      await page.goto(served.url('maker/') + hash);
      let run = await previewed(page, 0);
      const cards = await marks(page, `qm-card:${run}:`);
      result.firstPreviewMs.push(Math.min(...cards.map((m) => m.t)));
      result.allPreviewsMs.push(Math.max(...cards.map((m) => m.t)));
      result.coldFetchedBytes.push(fetched);
      log(`  maker run ${r + 1}: first preview ${fmt(result.firstPreviewMs[r]!, 0)} ms, all 17 screens ${fmt(result.allPreviewsMs[r]!, 0)} ms, fetched ${fmt(fetched / 2 ** 20, 2)} MiB`);

      // Typing: five edits of the previewed slogan; the 1920×1080 screen's card is the first one drawn.
      const base = campaign.slogans;
      const typing: number[] = [];
      const rendering: number[] = [];
      for (let k = 0; k < 5; k++) {
        const edited = [`${base[0]!.slice(0, -1)}${'国业质设展'[k]}`, ...base.slice(1)];
        const at = await typeSlogans(page, edited.join('\n'));
        run = await previewed(page, run);
        const card = (await marks(page, `qm-card:${run}:p-school-screen`))[0]!.t;
        const start = (await marks(page, `qm-preview-start:${run}`))[0]!.t;
        typing.push(card - at);
        rendering.push(card - start);
      }
      result.typingToCardMs.push(median(typing));
      result.typingRenderMs.push(median(rendering));
      log(`  maker run ${r + 1}: typing → 1920×1080 card ${fmt(median(typing), 0)} ms (render ${fmt(median(rendering), 0)} ms)`);

      // One slogan on all 17 screens, then the five audience ZIPs.
      const t0 = await typeSlogans(page, '质量第一 建设强国');
      run = await previewed(page, run);
      const previewEnd = Math.max(...(await marks(page, `qm-card:${run}:`)).map((m) => m.t));
      const zipStart = await page.evaluate(() => performance.now());
      for (const audience of ['school', 'community', 'transit', 'share', 'print']) {
        await Promise.all([page.waitForEvent('download', { timeout: 300_000 }), page.click(`button[data-zip="${audience}"]`)]);
      }
      const zipEnd = await page.evaluate(() => performance.now());
      result.oneSloganPreviewMs.push(previewEnd - t0);
      result.zipsMs.push(zipEnd - zipStart);
      result.oneSloganWithZipsMs.push(previewEnd - t0 + (zipEnd - zipStart));
      log(`  maker run ${r + 1}: one slogan × 17 screens ${fmt(previewEnd - t0, 0)} ms + 5 ZIPs ${fmt(zipEnd - zipStart, 0)} ms`);

      // 50 slogans, one after another, each previewed on every screen.
      for (const s of fifty) {
        await typeSlogans(page, s);
        run = await previewed(page, run);
      }
      await page.waitForTimeout(1000);
      const mem = await rendererMemory(browser);
      result.memAfter50.push(mem);
      log(`  maker run ${r + 1}: after 50 slogans, renderers ${fmt(mem.pss / 2 ** 20, 0)} MiB PSS, ${fmt(mem.private / 2 ** 20, 0)} MiB private, RSS ${mem.rss.map((b) => fmt(b / 2 ** 20, 0)).join(' + ')} MiB`);
      await context.close();
      await browser.close();
      browser = undefined;
    }
  } finally {
    await browser?.close();
    await served.close();
    shipped.cleanup();
  }
  return result;
}

export function makerReport(m: MakerResult): string[] {
  const mib = (b: number) => `${fmt(b / 2 ** 20, 2)} MiB`;
  const t = m.transfer;
  const raw = t.script + t.worker + t.yogaWasm + t.resvgWasm + t.slices;
  const gz = t.gzip.script + t.gzip.worker + t.gzip.yogaWasm + t.gzip.resvgWasm + t.gzip.slices;
  return [
    `maker (/maker/ in Chromium, cold, ${m.runs} run(s), medians)`,
    `  load → first preview      ${fmt(median(m.firstPreviewMs), 0)} ms (target ≤ 2000); all 17 screens ${fmt(median(m.allPreviewsMs), 0)} ms`,
    `  typing → 1920×1080 card   ${fmt(median(m.typingToCardMs), 0)} ms incl. the 150 ms pause after typing (target ≤ 300); render alone ${fmt(median(m.typingRenderMs), 0)} ms`,
    `  1 slogan × 17 + 5 ZIPs    ${fmt(median(m.oneSloganWithZipsMs) / 1000, 1)} s (preview ${fmt(median(m.oneSloganPreviewMs) / 1000, 1)} s, ZIPs of theme + slogan ${fmt(median(m.zipsMs) / 1000, 1)} s; target ≤ 10 s)`,
    `  memory after 50 slogans   ${fmt(median(m.memAfter50.map((x) => x.pss)) / 2 ** 20, 0)} MiB PSS of the renderer processes (target < 512); private ${fmt(median(m.memAfter50.map((x) => x.private)) / 2 ** 20, 0)} MiB; the page's own process ${fmt(median(m.memAfter50.map((x) => x.rss[0]!)) / 2 ** 20, 0)} MiB RSS`,
    `  transfer (2022 slogans)   ${mib(raw)} raw, ${mib(gz)} gzip: page script ${mib(t.script)} (${mib(t.gzip.script)}), engine worker ${mib(t.worker)} (${mib(t.gzip.worker)}), yoga WASM ${mib(t.yogaWasm)} (${mib(t.gzip.yogaWasm)}), resvg WASM ${mib(t.resvgWasm)} (${mib(t.gzip.resvgWasm)}), ${t.sliceCount} font slices (3 weights each) + index ${mib(t.slices)} (${mib(t.gzip.slices)}); cold first visit fetched ${mib(median(m.coldFetchedBytes))}`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
  const m = await runMakerBench(Math.max(1, Number(values.runs)));
  console.log(makerReport(m).join('\n'));
}

