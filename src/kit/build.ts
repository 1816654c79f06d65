import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadKitData } from '../campaign/load.ts';
import type { Campaign, KitData, Site } from '../campaign/model.ts';
import { siteSchema } from '../campaign/schema.ts';
import { BuildError, UsageError } from '../errors.ts';
import type { RenderJob } from '../render/job.ts';
import { PROFILES, type Profile } from '../render/profiles.ts';
import { diskCache, noCache, type CachedResult, type RenderCache } from './cache.ts';
import { sha256 } from './hash.ts';
import type { Manifest, ManifestAsset, ManifestPack } from './manifest.ts';
import { planPacks } from './packs.ts';
import type { AssetAudit } from '../audit/check-asset.ts';
import { failureLines, makeReport, type AuditReport } from '../audit/report.ts';
import { silentProgress, type Progress } from './progress.ts';
import { createRenderer, listFiles, siteSourceHash, type Renderer } from './renderer.ts';
import { checkOutputDir, recoverOutput, stageOutput } from './output.ts';
import { publicBase } from '../urls.ts';
import { buildSiteView } from '../site/view-model.ts';
import { buildDate, makeZip } from './zip.ts';
import { placeEngine } from '../site/maker.ts';

export interface BuildOptions {
  dataDir: string;
  outDir: string;
  baseUrl?: string;
  edition?: string;
  year?: number;
  profiles?: readonly string[];
  /** Worker threads; defaults to one per core. */
  jobs?: number;
  /** Cache folder, or false for `--no-cache`. */
  cacheDir: string | false;
  progress?: Progress;
  /** Folders the output must never contain (the project, the data). */
  protect?: readonly string[];
  /** Write the kit even when assets fail the legibility audit (the audit page lists them in red). */
  allowAuditFailures?: boolean;
  /** Crop marks on the print PDFs (default true; `--no-print-marks`). */
  printMarks?: boolean;
  /** Test hook: fail after this many renders, to prove a failed build leaves the old output untouched. */
  failAfterRenders?: number;
}

export interface BuildSummary {
  readonly outDir: string;
  readonly campaigns: number;
  readonly jobs: number;
  readonly rendered: number;
  readonly cacheHits: number;
  /** Contact sheets drawn by this build (0 when every one came from the cache). */
  readonly contactSheetsRendered: number;
  /** Whether the microsite's files came from the cache (nothing it is made from changed). */
  readonly siteFromCache: boolean;
  readonly files: number;
  readonly countsByKind: Readonly<Record<string, number>>;
  readonly ms: number;
  /** Milliseconds per stage, for the benchmark. */
  readonly stages: Readonly<Record<string, number>>;
  readonly preview: boolean;
  readonly manifest: Manifest;
  readonly audit: AuditReport;
}

function selectProfiles(ids: readonly string[] | undefined): readonly Profile[] {
  if (!ids || ids.length === 0) return PROFILES;
  return ids.map((id) => {
    const p = PROFILES.find((x) => x.id === id);
    if (!p) throw new UsageError(`未知的屏幕规格「${id}」。可用：${PROFILES.map((x) => x.id).join('、')}（运行 qmkit profiles 查看）`);
    return p;
  });
}

function applyBaseUrl(site: Site, baseUrl: string | undefined): Site {
  if (baseUrl === undefined) return site;
  const parsed = siteSchema.shape.baseUrl.safeParse(baseUrl);
  if (!parsed.success) throw new UsageError(`--base-url 无效：${parsed.error.issues[0]?.message ?? ''}，收到「${baseUrl}」`);
  return { ...site, baseUrl: parsed.data };
}

function selectCampaigns(kit: KitData, edition?: string, year?: number): Campaign[] {
  const picked = kit.campaigns.filter((c) => (edition === undefined || c.edition === edition) && (year === undefined || c.year === year));
  if (picked.length === 0) {
    const have = kit.campaigns.map((c) => `${c.edition}/${c.year}`).join('、');
    throw new UsageError(`没有符合条件的活动数据（--edition ${edition ?? '全部'} --year ${year ?? '全部'}）。现有：${have}`);
  }
  return picked;
}

/** The cache key: a hash of everything that affects the bytes, and nothing that doesn't (ids and paths). */
export function cacheKey(job: RenderJob, fontsHash: string, renderVersion: string): string {
  const { id: _id, path: _path, bmpPath: _bmp, thumbPath: _thumb, pdfPath: _pdf, gifPath: _gif, ...rest } = job;
  return sha256(JSON.stringify({ renderVersion, fontsHash, job: rest }));
}

/** Builds the whole kit into a staged folder, verifies it, and swaps it into place. */
/** Jobs above this many pixels (the A3 prints, 17 MP) render one at a time. */
const HEAVY_PIXELS = 12_000_000;

export async function buildKit(options: BuildOptions): Promise<BuildSummary> {
  const started = performance.now();
  const stages: Record<string, number> = {};
  let mark = started;
  const stage = (name: string) => {
    const now = performance.now();
    stages[name] = (stages[name] ?? 0) + (now - mark);
    mark = now;
  };
  const progress = options.progress ?? silentProgress;
  const outDir = path.resolve(options.outDir);
  checkOutputDir(outDir, options.protect ?? [process.cwd(), options.dataDir]);

  const loaded = loadKitData(options.dataDir);
  const site = applyBaseUrl(loaded.site, options.baseUrl);
  const campaigns = selectCampaigns(loaded, options.edition, options.year);
  const kit: KitData = { site, campaigns };
  const profiles = selectProfiles(options.profiles);
  const { base, preview } = publicBase(site);
  if (preview) {
    progress.warn(`baseUrl ${site.baseUrl ?? '未设置'} 不是公开网址：分享卡已标注“预览”，二维码扫不到真实网站。发布前请在 data/site.yaml 设置 baseUrl，或用 --base-url 指定。`);
  }

  const renderer: Renderer = await createRenderer(campaigns, site, profiles, options.jobs ?? availableParallelism(), { printMarks: options.printMarks ?? true });
  stage('plan+fonts');
  const cache: RenderCache = options.cacheDir ? diskCache(options.cacheDir) : noCache;

  mkdirSync(path.dirname(outDir), { recursive: true });
  recoverOutput(outDir);
  const staged = stageOutput(outDir);
  const abort = () => staged.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    const jobs = renderer.jobs;
    const results = new Map<string, CachedResult>();
    const keys = new Map(jobs.map((j) => [j.id, cacheKey(j, renderer.fontsHash, renderer.version)]));
    const misses: RenderJob[] = [];
    for (const job of jobs) {
      const hit = cache.get(keys.get(job.id)!);
      if (hit) results.set(job.id, hit);
      else misses.push(job);
    }
    // Something renders: subset the fonts and start the workers now, side by side (no-op builds start neither).
    if (misses.length > 0) {
      renderer.warm();
      // The site will most likely be made anew: load Eleventy while the workers render (the main thread waits anyway).
      void import('../site/build-site.ts').then((m) => m.loadEleventy()).catch(() => {});
    }
    stage('cache-lookup');
    progress.start(misses.length, '渲染海报');
    let rendered = 0;
    // One lane per worker. A3 prints (~170 MB of pixels each while they render) go through lane 0 only, so two of
    // them never render at once (peak RSS ≤ 1 GiB, issue 6); lane 0 turns to the light jobs once they are done.
    const heavy = misses.filter((j) => j.width * j.height > HEAVY_PIXELS);
    const light = misses.filter((j) => j.width * j.height <= HEAVY_PIXELS);
    let failed = false;
    const next = (lane: number) => (lane === 0 ? heavy.shift() : undefined) ?? light.shift();
    const lane = async (i: number) => {
      for (let job = next(i); job && !failed; job = next(i)) {
        const result = await renderer.render(job);
        rendered++;
        if (options.failAfterRenders !== undefined && rendered > options.failAfterRenders) {
          throw new BuildError(`Injected failure after ${options.failAfterRenders} renders (test hook)`);
        }
        cache.put(keys.get(job.id)!, result);
        results.set(job.id, result);
        progress.tick(job.id);
      }
    };
    await Promise.all(Array.from({ length: renderer.threads }, (_, i) => lane(i))).catch((error: unknown) => {
      failed = true;
      throw error;
    });
    progress.stop();
    await renderer.close();
    stage('render');

    // One writer: every file of the kit is written here, into the staged folder, in plan order.
    const write = (rel: string, bytes: Uint8Array | string) => {
      const full = path.join(staged.dir, rel);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, bytes);
    };
    const assets: ManifestAsset[] = [];
    const countsByKind: Record<string, number> = {};
    for (const job of jobs) {
      const result = results.get(job.id)!;
      for (const entry of renderer.entries(job, result)) {
        write(entry.path, result.files[entry.file]!);
        if (entry.asset) {
          assets.push({ ...entry.asset, sha256: sha256(result.files[entry.file]!) });
          countsByKind[entry.asset.kind] = (countsByKind[entry.asset.kind] ?? 0) + 1;
        }
      }
    }

    stage('write');
    const audit = makeReport(jobs.map((job) => (results.get(job.id)!.meta as { audit: AssetAudit }).audit));
    if (!audit.ok) {
      const lines = failureLines(audit);
      const shown = lines.slice(0, 20).map((l) => `  ${l}`).join('\n');
      const more = lines.length > 20 ? `\n  ……另有 ${lines.length - 20} 条` : '';
      if (!options.allowAuditFailures) {
        throw new BuildError(`易读性审核未通过：${audit.failed} 个文件不合格，输出文件夹保持不变。\n${shown}${more}\n请修改数据（如缩短口号）后重试；如确需先生成，可加 --allow-audit-failures，审核页会用红色列出问题。`);
      }
      progress.warn(`易读性审核有 ${audit.failed} 个文件不合格（已按 --allow-audit-failures 继续）：\n${shown}${more}`);
    }
    write('audit.json', `${JSON.stringify(audit, null, 2)}\n`);
    stage('audit');
    const packs: ManifestPack[] = [];
    const contactSheets: Manifest['contactSheets'][number][] = [];
    let sheetsRendered = 0;
    for (const campaign of campaigns) {
      const date = buildDate(process.env.SOURCE_DATE_EPOCH ? '' : (campaign.signedOn ?? `${campaign.year}-01-01`));
      for (const pack of planPacks(campaign, assets)) {
        const entries = [
          { name: '使用说明.txt', bytes: new TextEncoder().encode(pack.readme) },
          ...pack.assets.map((a) => ({ name: a.path.split('/').slice(3).join('/'), bytes: readFileSync(path.join(staged.dir, a.path)) })),
        ];
        const zip = makeZip(entries, date);
        write(pack.path, zip);
        packs.push({ edition: pack.edition, year: pack.year, audience: pack.audience, path: pack.path, sha256: sha256(zip), files: entries.map((e) => e.name) });
      }
      stage('packs');
      const mine = assets.filter((a) => a.edition === campaign.edition && a.year === campaign.year);
      // The sheet is a pure function of the campaign, its assets' bytes (by hash) and the renderer's source.
      const sheetKey = sha256(JSON.stringify(['contact-sheet', renderer.version, renderer.fontsHash, campaign, mine]));
      let sheet = cache.get(sheetKey)?.files.png;
      if (!sheet) {
        sheetsRendered++;
        sheet = await renderer.contactSheet(campaign, mine, (p) => (existsSync(path.join(staged.dir, p)) ? readFileSync(path.join(staged.dir, p)) : undefined));
        cache.put(sheetKey, { files: { png: sheet }, meta: null });
      }
      const sheetPath = `assets/${campaign.edition}/${campaign.year}/contact-sheet.png`;
      write(sheetPath, sheet);
      contactSheets.push({ edition: campaign.edition, year: campaign.year, path: sheetPath, sha256: sha256(sheet) });
      stage('contact-sheets');
    }

    // The manifest is written before the site: the site is built from it (one truth: what this build made).
    const manifest: Manifest = { version: 1, baseUrl: base, preview, campaigns: campaigns.map((c) => ({ edition: c.edition, year: c.year })), assets, packs, contactSheets };
    write('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
    stage('manifest');
    const siteFromCache = await writeSite({ kit, manifest, audit, cache, dir: staged.dir, write });
    // The maker's engine (worker bundle, WASM, font slices: ~37 MB) is cached on its own (node_modules/.cache), not
    // inside every site cache entry.
    await placeEngine(staged.dir);
    stage('site');

    verifyOutput(staged.dir, manifest);
    staged.commit();
    stage('verify+swap');

    const summary: BuildSummary = {
      outDir,
      campaigns: campaigns.length,
      jobs: jobs.length,
      rendered: misses.length,
      cacheHits: jobs.length - misses.length,
      contactSheetsRendered: sheetsRendered,
      siteFromCache,
      files: assets.length,
      countsByKind,
      ms: performance.now() - started,
      stages,
      preview,
      manifest,
      audit,
    };
    return summary;
  } catch (error) {
    staged.abort();
    await renderer.close();
    throw error;
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}

/**
 * Writes the microsite into the staged output from the manifest, the audit report and the model. The site is a pure
 * function of the pages' data (the view: what the templates print) and the site's own source, so it is cached whole
 * under a key of exactly those, as the list of files Eleventy added. A new hash of an image that keeps its path and
 * size (a renderer change) does not rebuild the site; a changed slogan does. Returns whether it came from the cache.
 */
async function writeSite(options: {
  kit: KitData;
  manifest: Manifest;
  audit: AuditReport;
  cache: RenderCache;
  dir: string;
  write: (rel: string, bytes: Uint8Array) => void;
}): Promise<boolean> {
  const { kit, manifest, audit, cache, dir, write } = options;
  const view = buildSiteView(kit, { manifest, audit });
  const siteKey = sha256(JSON.stringify(['site', siteSourceHash(), view]));
  const cached = cache.get(siteKey);
  const paths = (cached?.meta as { paths?: string[] } | null)?.paths;
  if (cached && paths && paths.every((_, i) => cached.files[`f${i}`])) {
    paths.forEach((p, i) => write(p, cached.files[`f${i}`]!));
    return true;
  }
  const before = new Set(listFiles(dir));
  const { buildSite } = await import('../site/build-site.ts');
  await buildSite({ kit, outDir: dir, quiet: true, manifest, audit, view, maker: false });
  const added = listFiles(dir).filter((p) => !before.has(p));
  cache.put(siteKey, { files: Object.fromEntries(added.map((p, i) => [`f${i}`, readFileSync(path.join(dir, p))])), meta: { paths: added } });
  return false;
}

/** Every manifest path exists and its sha256 matches, before the build is swapped into place. */
export function verifyOutput(dir: string, manifest: Manifest): void {
  const all = [...manifest.assets, ...manifest.packs, ...manifest.contactSheets];
  for (const item of all) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(dir, item.path));
    } catch {
      throw new BuildError(`Internal error: 清单中的文件 ${item.path} 没有写出`);
    }
    if (sha256(bytes) !== item.sha256) throw new BuildError(`Internal error: 文件 ${item.path} 的 SHA-256 与清单不符`);
  }
}
