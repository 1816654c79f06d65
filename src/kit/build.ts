import { availableParallelism } from 'node:os';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { campaignFileId, listCampaignFiles, loadKitData } from '../campaign/load.ts';
import type { Campaign, KitData, Site } from '../campaign/model.ts';
import { siteSchema } from '../campaign/schema.ts';
import { BuildError, UsageError } from '../errors.ts';
import type { RenderJob } from '../render/job.ts';
import { PROFILES, type Profile } from '../render/profiles.ts';
import { blobStore, diskCache, noCache, textStore, type CacheRecord, type CachedResult, type RenderCache } from './cache.ts';
import { carryFrom, recordOrigins, type Origins } from './carry.ts';
import { sha256, stableJson } from './hash.ts';
import type { Manifest, ManifestAsset, ManifestPack, ShardInfo } from './manifest.ts';
import { planPacks } from './packs.ts';
import type { AssetAudit } from '../audit/check-asset.ts';
import { failureLines, makeReport, type AuditReport } from '../audit/report.ts';
import { silentProgress, type Progress } from './progress.ts';
import { createRenderer, listFiles, siteSourceHash, type Renderer } from './renderer.ts';
import { firstBuild, startRenderPool, stopRenderPool, type StartedPool } from './pool.ts';
import { checkOutputDir, recoverOutput, stageOutput } from './output.ts';
import { turnEventLoop } from './gc.ts';
import type { PackInput } from './assemble-task.ts';
import { contactSheetPath, packEntryName, publicBase } from '../urls.ts';
import { checkFiles, type Listed } from './verify.ts';
import { PACK_README } from '../pack-readme.ts';
import { projectPath } from '../paths.ts';
import { buildSiteView } from '../site/view-model.ts';
import { buildDate } from './zip.ts';
import { placeEngine, type EngineCarry } from '../site/maker.ts';

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
  /** Render only shard `index` (1-based) of `count` and write a partial output for `qmkit merge`. */
  shard?: { readonly index: number; readonly count: number };
  /** Render workers the caller started (startRenderPool) before it loaded this module; the build stops them. */
  workers?: StartedPool;
  /**
   * Called once the output is in place, with its audit report, while the previous output is removed and the workers
   * stop: the command records the build for its no-op check then (~13 ms that would otherwise follow).
   */
  onSwapped?: (audit: AuditReport) => void;
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
  /** A shard build: which one, and the jobs and pixels of every shard of the split. */
  readonly shard?: { readonly index: number; readonly count: number; readonly totalJobs: number; readonly balance: { jobs: number[]; pixels: number[] } };
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

/** The campaigns loadKitData read for this edition and year (it reads only their files), or the error naming those there are. */
function selectCampaigns(kit: KitData, dataDir: string, edition?: string, year?: number): readonly Campaign[] {
  if (kit.campaigns.length === 0) {
    const have = listCampaignFiles(dataDir)
      .map((f) => campaignFileId(f))
      .map((id) => `${id.edition}/${id.year}`)
      .join('、');
    throw new UsageError(`没有符合条件的活动数据（--edition ${edition ?? '全部'} --year ${year ?? '全部'}）。现有：${have}`);
  }
  return kit.campaigns;
}

/** The cache key: a hash of everything that affects the bytes, and nothing that doesn't (ids and paths). */
export function cacheKey(job: RenderJob, fontsHash: string, renderVersion: string): string {
  const { id: _id, path: _path, bmpPath: _bmp, thumbPath: _thumb, pdfPath: _pdf, gifPath: _gif, ...rest } = job;
  return sha256(JSON.stringify({ renderVersion, fontsHash, job: rest }));
}

/**
 * Jobs above this many pixels (the A3 and A4 prints, 17 and 9 MP) render one at a time. With A4 prints on both lanes
 * at the end of a 2022 build, peak RSS reached 0.93-1.05 GiB; through one lane it is 0.80-0.86 GiB, for ~2 % more
 * wall time (lane 0 still has time to help with the light jobs once the prints are done).
 */
const HEAVY_PIXELS = 8_000_000;

/** Which shard of n renders a job: a stable hash of its campaign and profile, so a profile's files stay together. */
export function shardOf(job: Pick<RenderJob, 'edition' | 'year' | 'profile'>, count: number): number {
  return (parseInt(sha256(`${job.edition}/${job.year}/${job.profile.id}`).slice(0, 8), 16) % count) + 1;
}

/** Jobs and estimated cost (pixels) of each shard, 1-based: how balanced a split is. */
export function shardBalance(jobs: readonly RenderJob[], count: number): { jobs: number[]; pixels: number[] } {
  const out = { jobs: Array<number>(count).fill(0), pixels: Array<number>(count).fill(0) };
  for (const job of jobs) {
    const k = shardOf(job, count) - 1;
    out.jobs[k]!++;
    out.pixels[k]! += job.width * job.height;
  }
  return out;
}

/** “最多的分片是平均的 1.08 倍”: the largest shard against the mean, the figure that sets a sharded build's time. */
export function imbalance(values: readonly number[]): number {
  const total = values.reduce((a, b) => a + b, 0);
  return total === 0 ? 1 : Math.max(...values) / (total / values.length);
}

/** Everything the render and assemble phases share: the selected data, the plan, the renderer and the build id. */
interface Prepared {
  readonly kit: KitData;
  readonly campaigns: readonly Campaign[];
  readonly renderer: Renderer;
  readonly base: string;
  readonly preview: boolean;
  readonly buildId: string;
  readonly selection: BuildSelection;
  /** The render cache (--cache-dir), or none (--no-cache); it also holds the last build's font subset. */
  readonly cache: RenderCache;
  /** Its folder, for the render workers (the engine's QR answers, a contact sheet's scaled cells), or false. */
  readonly cacheDir: string | false;
  /** siteSourceHash(), as it was when the build started. */
  readonly siteSource: string;
}

/** The options that choose what is built; a shard records them so that `qmkit merge` rebuilds the same selection. */
export interface BuildSelection {
  readonly printMarks?: boolean;
  readonly baseUrl?: string;
  readonly edition?: string;
  readonly year?: number;
  readonly profiles?: readonly string[];
}

function qmkitVersion(): string {
  try {
    return (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * The build id: a hash of the data (the selected, validated model and site), the site's source, the renderer's source,
 * the fonts and qmkit's version. Shards with equal ids merge into the bytes one build would have written.
 */
export function computeBuildId(kit: KitData, profiles: readonly Profile[], renderer: Pick<Renderer, 'version' | 'fontsHash'>, printMarks = true, siteSource = siteSourceHash()): string {
  return sha256(stableJson(['qmkit-build', qmkitVersion(), renderer.version, renderer.fontsHash, siteSource, kit, profiles.map((p) => p.id), printMarks]));
}

async function prepare(options: { dataDir: string; jobs?: number; cacheDir: string | false } & BuildSelection, progress: Progress, started?: StartedPool): Promise<Prepared> {
  const cache: RenderCache = options.cacheDir ? diskCache(options.cacheDir) : noCache;
  // Only the selected campaigns' files are read (and the parents they extend): an edit of the 2022 kit reads 1 of 4.
  const loaded = loadKitData(options.dataDir, process.cwd(), { ...(options.edition !== undefined ? { edition: options.edition } : {}), ...(options.year !== undefined ? { year: options.year } : {}) });
  const site = applyBaseUrl(loaded.site, options.baseUrl);
  const campaigns = selectCampaigns(loaded, options.dataDir, options.edition, options.year);
  const kit: KitData = { site, campaigns };
  const profiles = selectProfiles(options.profiles);
  const { base, preview } = publicBase(site);
  if (preview) {
    progress.warn(`baseUrl ${site.baseUrl ?? '未设置'} 不是公开网址：分享卡已标注“预览”，二维码扫不到真实网站。发布前请在 data/site.yaml 设置 baseUrl，或用 --base-url 指定。`);
  }
  const printMarks = options.printMarks ?? true;
  const renderer = await createRenderer(campaigns, site, profiles, options.jobs ?? availableParallelism(), { printMarks }, started, cache, options.cacheDir);
  const selection: BuildSelection = {
    ...(printMarks ? {} : { printMarks: false }),
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    ...(options.edition !== undefined ? { edition: options.edition } : {}),
    ...(options.year !== undefined ? { year: options.year } : {}),
    ...(options.profiles?.length ? { profiles: [...options.profiles] } : {}),
  };
  // The site's source, read and hashed once a build: in the build id, and in the site's cache key (writeSite).
  const siteSource = siteSourceHash();
  return { kit, campaigns, renderer, base, preview, buildId: computeBuildId(kit, profiles, renderer, printMarks, siteSource), siteSource, selection, cache, cacheDir: options.cacheDir };
}

/**
 * Runs `fill` on a staged folder beside outDir and swaps it in; on any failure the old output stays as it was. Resolves
 * once the output is in place, with `removed`: the removal of the previous output, still under way.
 */
async function staged<T>(outDir: string, fill: (dir: string) => Promise<T>, onFail: () => Promise<void>): Promise<{ value: T; removed: Promise<void> }> {
  mkdirSync(path.dirname(outDir), { recursive: true });
  recoverOutput(outDir);
  const stage = stageOutput(outDir);
  const abort = () => stage.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    const value = await fill(stage.dir);
    const removed = stage.commit();
    removed.catch(() => {});
    return { value, removed };
  } catch (error) {
    stage.abort();
    await onFail();
    throw error;
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}

/** Takes a file of the previous output into the staged folder: its SHA-256, or undefined when it must be written. */
type Take = (rel: string, origin: string) => string | undefined;

/** What the render phase leaves: every asset file written, and its manifest entries and audit record in plan order. */
interface Rendered {
  /** Where each file written or taken came from (its cache entry's key and file name), for the next build's carry. */
  readonly origins: Origins;
  readonly assets: ManifestAsset[];
  readonly audits: AssetAudit[];
  /** Thumbnails written (they have no manifest entry): path and sha256, for a shard's manifest. */
  readonly thumbs: { path: string; sha256: string }[];
  readonly rendered: number;
  readonly hits: number;
}

/**
 * Writes `rel` under `dir` as a new file: a path already there is replaced, never written through, since it may be a
 * file taken from the previous output (a hard link to it, carry.ts), which a failed build must leave as it was.
 */
function writeUnder(dir: string, rel: string, bytes: Uint8Array | string): void {
  const full = path.join(dir, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  rmSync(full, { force: true });
  try {
    writeFileSync(full, bytes);
  } catch (error) {
    // A failed write (a full disk) names no file: say which one (system-error.ts shows it).
    if ((error as NodeJS.ErrnoException).path === undefined) Object.assign(error as object, { path: full });
    throw error;
  }
}

/** The stand-in for a blob a job's files were taken without reading (outputEntries only asks which blobs exist). */
const NO_BYTES = new Uint8Array(0);

/**
 * The render phase: each job comes from the cache or a worker, and its files are written as soon as they arrive, so
 * memory holds the metadata of the jobs and never their pixels (flat peak RSS at any edition count).
 */
async function renderPhase(
  dir: string,
  jobs: readonly RenderJob[],
  renderer: Renderer,
  cache: RenderCache,
  progress: Progress,
  failAfterRenders?: number,
  take: Take = () => undefined,
): Promise<Rendered> {
  const done = new Map<string, { assets: ManifestAsset[]; audit: AssetAudit; thumb?: { path: string; sha256: string } }>();
  const origins: Origins = new Map();
  // A job's files: those in `taken` were taken from the previous output (carry.ts), the others are written here.
  const keep = (job: RenderJob, key: string, result: CachedResult, taken?: ReadonlyMap<string, string>) => {
    const assets: ManifestAsset[] = [];
    let thumb: { path: string; sha256: string } | undefined;
    for (const entry of renderer.entries(job, result)) {
      let hash = taken?.get(entry.path);
      if (hash === undefined) {
        const bytes = result.files[entry.file]!;
        writeUnder(dir, entry.path, bytes);
        hash = sha256(bytes);
      }
      origins.set(entry.path, { origin: `${key}/${entry.file}`, sha256: hash });
      if (entry.asset) assets.push({ ...entry.asset, sha256: hash });
      else thumb = { path: entry.path, sha256: hash };
    }
    done.set(job.id, { assets, audit: (result.meta as { audit: AssetAudit }).audit, ...(thumb ? { thumb } : {}) });
  };
  // The jobs to render are found first (an entry's record exists) and go to the workers at once; the cached files are
  // placed while they render (318 of a 2022 edit's 338 jobs).
  const keyOf = (job: RenderJob) => cacheKey(job, renderer.fontsHash, renderer.version);
  const cached: { job: RenderJob; key: string; record: CacheRecord }[] = [];
  const misses: RenderJob[] = [];
  for (const job of jobs) {
    const key = keyOf(job);
    const record = cache.record(key);
    if (record) cached.push({ job, key, record });
    else misses.push(job);
  }
  // Something renders: subset the fonts and start the workers now, side by side (no-op builds start neither).
  if (misses.length > 0) {
    renderer.warm();
    // The site will most likely be made anew: load Eleventy while the workers render (the main thread waits anyway).
    void import('../site/build-site.ts').then((m) => m.loadEleventy()).catch(() => {});
  }
  progress.start(misses.length, '渲染海报');
  let rendered = 0;
  // One lane per worker. Print posters (~170 MB of pixels for an A3 while it renders) go through lane 0 only, so two
  // of them never render at once (peak RSS ≤ 1 GiB, issue 6); lane 0 turns to the light jobs once they are done.
  const heavy = misses.filter((j) => j.width * j.height > HEAVY_PIXELS);
  const light = misses.filter((j) => j.width * j.height <= HEAVY_PIXELS);
  let failed = false;
  const next = (lane: number) => (lane === 0 ? heavy.shift() : undefined) ?? light.shift();
  const lane = async (i: number) => {
    for (let job = next(i); job && !failed; job = next(i)) {
      const result = await renderer.render(job);
      rendered++;
      // (Once: the other lanes go on as they would after a real failure in one of them.)
      if (failAfterRenders !== undefined && rendered === failAfterRenders + 1) {
        throw new BuildError(`Injected failure after ${failAfterRenders} renders (test hook)`);
      }
      const key = keyOf(job);
      cache.put(key, result);
      // Another lane failed while this render ran: the staged folder is being removed, and nothing goes into it.
      if (failed) return;
      keep(job, key, result);
      progress.tick(job.id);
    }
  };
  const lanes = () => Promise.all(Array.from({ length: renderer.threads }, (_, i) => lane(i)));
  const running = misses.length > 0 ? lanes() : Promise.resolve([]);
  // One failed render stops the other lanes too (each stops before its next job).
  running.catch(() => void (failed = true));
  // An entry that cannot be read after all (a blob deleted by hand) is rendered like any other miss.
  let unreadable = 0;
  for (const [i, { job, key, record }] of cached.entries()) {
    if (failed) break;
    // The files the previous output has from this very entry are taken as they are, without reading the cache.
    const listed: CachedResult = { files: Object.fromEntries(record.names.map((n) => [n, NO_BYTES])), meta: record.meta };
    const entries = renderer.entries(job, listed);
    const taken = new Map<string, string>();
    for (const entry of entries) {
      const hash = take(entry.path, `${key}/${entry.file}`);
      if (hash !== undefined) taken.set(entry.path, hash);
    }
    const hit = taken.size === entries.length ? listed : cache.get(key);
    if (hit) keep(job, key, hit, taken);
    else {
      unreadable++;
      (job.width * job.height > HEAVY_PIXELS ? heavy : light).push(job);
    }
    // Let the lanes hand the next job to a worker that has finished one.
    if (i % 32 === 31) await turnEventLoop();
  }
  try {
    await running;
    // Lanes that had run dry before an unreadable entry was queued.
    if (heavy.length + light.length > 0) await lanes();
  } catch (error) {
    failed = true;
    throw error;
  }
  progress.stop();
  const inOrder = jobs.map((j) => done.get(j.id)!);
  return {
    origins,
    assets: inOrder.flatMap((d) => d.assets),
    audits: inOrder.map((d) => d.audit),
    thumbs: inOrder.flatMap((d) => (d.thumb ? [d.thumb] : [])),
    rendered: misses.length + unreadable,
    hits: jobs.length - misses.length - unreadable,
  };
}

/** Fails the build on audit failures (unless allowed), with the first 20 lines. */
function checkAudit(audit: AuditReport, allow: boolean | undefined, progress: Progress): void {
  if (audit.ok) return;
  const lines = failureLines(audit);
  const shown = lines.slice(0, 20).map((l) => `  ${l}`).join('\n');
  const more = lines.length > 20 ? `\n  ……另有 ${lines.length - 20} 条` : '';
  if (!allow) {
    throw new BuildError(`易读性审核未通过：${audit.failed} 个文件不合格，输出文件夹保持不变。\n${shown}${more}\n请修改数据（如缩短口号）后重试；如确需先生成，可加 --allow-audit-failures，审核页会用红色列出问题。`);
  }
  progress.warn(`易读性审核有 ${audit.failed} 个文件不合格（已按 --allow-audit-failures 继续）：\n${shown}${more}`);
}

/**
 * The assemble phase, on a folder that holds every asset file: audit.json, the packs, the contact sheets, the site
 * and manifest.json, then every manifest file is verified. Shared by `build` and `merge`, so both write the same bytes.
 */
async function assemblePhase(
  dir: string,
  p: Prepared,
  assets: readonly ManifestAsset[],
  audits: readonly AssetAudit[],
  cache: RenderCache,
  progress: Progress,
  allowAuditFailures: boolean | undefined,
  stage: (name: string) => void,
  carry?: EngineCarry,
): Promise<{ manifest: Manifest; audit: AuditReport; sheetsRendered: number; siteFromCache: boolean }> {
  const { renderer, campaigns, kit } = p;
  const write = (rel: string, bytes: Uint8Array | string) => writeUnder(dir, rel, bytes);
  const audit = makeReport(audits);
  checkAudit(audit, allowAuditFailures, progress);
  write('audit.json', `${JSON.stringify(audit, null, 2)}\n`);
  stage('audit');
  // The contact sheets are drawn by the render workers (renderer.contactSheet) while this thread writes the site:
  // the site never shows a sheet's hash, so it needs only the assets and the packs' paths. Each sheet is a pure
  // function of the campaign, its assets' bytes (by hash) and the renderer's source, and cached under that key.
  let sheetsRendered = 0;
  const sheetEntry = (campaign: Campaign, sheet: Uint8Array) => {
    const sheetPath = contactSheetPath(campaign.edition, campaign.year);
    write(sheetPath, sheet);
    return { edition: campaign.edition, year: campaign.year, path: sheetPath, sha256: sha256(sheet) };
  };
  // Cached sheets are written one at a time (hundreds of editions' sheets never sit in memory together); the others
  // queue for the render workers, which draw one sheet at a time (renderer.contactSheet) beside the packs.
  const sheets = Promise.all(
    campaigns.map((campaign) => {
      const mine = assets.filter((a) => a.edition === campaign.edition && a.year === campaign.year);
      const sheetKey = sha256(JSON.stringify(['contact-sheet', renderer.sheetVersion, renderer.fontsHash, campaign, mine]));
      const cached = cache.get(sheetKey)?.files.png;
      if (cached) return sheetEntry(campaign, cached);
      sheetsRendered++;
      return renderer.contactSheet(campaign, mine, dir).then((sheet) => {
        cache.put(sheetKey, { files: { png: sheet }, meta: null });
        return sheetEntry(campaign, sheet);
      });
    }),
  );
  // A sheet's failure is reported where the sheets are awaited (below); until then it must not count as unhandled.
  sheets.catch(() => {});
  // The packs are zipped by the render workers too, one task per campaign. The site needs only their paths, so their
  // entries are listed now and each hash is filled in when its zip is written (before manifest.json, written last).
  const packs: { -readonly [K in keyof ManifestPack]: ManifestPack[K] }[] = [];
  const toZip: { entries: (typeof packs)[number][]; inputs: PackInput[] }[] = [];
  for (const campaign of campaigns) {
    const date = buildDate(process.env.SOURCE_DATE_EPOCH ? '' : (campaign.signedOn ?? `${campaign.year}-01-01`));
    const group: (typeof toZip)[number] = { entries: [], inputs: [] };
    for (const pack of planPacks(campaign, assets)) {
      const files = pack.assets.map((a) => ({ name: packEntryName(a.path), path: a.path }));
      const entry = { edition: pack.edition, year: pack.year, audience: pack.audience, path: pack.path, sha256: '', files: [PACK_README, ...files.map((f) => f.name)] };
      packs.push(entry);
      group.entries.push(entry);
      group.inputs.push({ dir, path: pack.path, readme: pack.readme, files, date: date.getTime(), ...(p.cacheDir ? { deflated: p.cacheDir } : {}) });
    }
    if (group.inputs.length > 0) toZip.push(group);
  }
  // The sheets go to the render workers first (a 2022 sheet without cached tiles is the longest task, ~1.2 s; its
  // packs ~0.2 s): their tasks are posted a few promise turns from here, so the packs are queued one event-loop turn
  // later, and then the check of the images' files (read and hashed, ~40 ms for the 2022 kit's 20 MB), which would
  // otherwise hold up the end of the build. The site waits for that turn too, and the workers start on their tasks
  // before this thread starts on the site.
  const queued = turnEventLoop();
  const packsDone = queued.then(() =>
    Promise.all(toZip.map(({ entries, inputs }) => renderer.zipPacks(inputs).then((hashes) => entries.forEach((entry, i) => void (entry.sha256 = hashes[i]!))))),
  );
  const checked = queued.then(() => renderer.verify(dir, assets));
  packsDone.catch(() => {});
  checked.catch(() => {});
  // Once their last task is done, the workers stop (~0.1 s of their threads), while this thread may still write the site.
  void Promise.allSettled([sheets, packsDone, checked]).then(() => renderer.close());
  const manifest = (contactSheets: Manifest['contactSheets']): Manifest => ({
    version: 1,
    baseUrl: p.base,
    preview: p.preview,
    build: { id: p.buildId },
    campaigns: campaigns.map((c) => ({ edition: c.edition, year: c.year })),
    assets,
    packs,
    contactSheets,
  });
  let siteFromCache: boolean;
  try {
    await turnEventLoop();
    siteFromCache = await writeSite({ kit, manifest: manifest([]), audit, cache, dir, write, sourceHash: p.siteSource });
    // The maker's engine (worker bundle, WASM, font slices: ~37 MB) is cached on its own (node_modules/.cache), not
    // inside every site cache entry. Here in the assemble phase, so a `qmkit merge` output gets it too.
    await placeEngine(dir, carry);
    stage('site');
    await packsDone;
    stage('packs');
  } catch (error) {
    // A failed pack or site: stop the render workers and let the sheets, packs and check settle, so that nothing
    // still writes into (or reads from) the staged folder the failure drops.
    await renderer.close();
    await Promise.all([sheets.catch(() => {}), packsDone.catch(() => {}), checked.catch(() => {})]);
    throw error;
  }
  const done = manifest(await sheets);
  stage('contact-sheets');
  await checked;
  write('manifest.json', `${JSON.stringify(done, null, 2)}\n`);
  stage('manifest');
  // The images were checked by a worker and each pack's hash is of its file as read back: what is left is the sheets.
  verifyFiles(dir, done.contactSheets);
  return { manifest: done, audit, sheetsRendered, siteFromCache };
}

function countKinds(assets: readonly ManifestAsset[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of assets) counts[a.kind] = (counts[a.kind] ?? 0) + 1;
  return counts;
}

function timer(): { stages: Record<string, number>; stage: (name: string) => void; started: number } {
  const started = performance.now();
  const stages: Record<string, number> = {};
  let mark = started;
  return {
    started,
    stages,
    stage(name) {
      const now = performance.now();
      stages[name] = (stages[name] ?? 0) + (now - mark);
      mark = now;
    },
  };
}

/**
 * Builds the whole kit into a staged folder, verifies it, and swaps it into place. With `shard`, renders only that
 * shard's jobs and writes a partial output (its files, its audit records and a manifest naming the shard) for
 * `qmkit merge`.
 */
export async function buildKit(options: BuildOptions): Promise<BuildSummary> {
  const { stages, stage, started } = timer();
  const progress = options.progress ?? silentProgress;
  const outDir = path.resolve(options.outDir);
  // The render workers start loading now (unless the caller started them sooner), on the other core, while this
  // thread reads the data and plans. A build that turns out to render nothing (every job cached) stops them unused:
  // ~0.3 s of the idle core, no wall time.
  const workers = options.workers ?? startRenderPool(options.jobs ?? availableParallelism(), firstBuild(options.cacheDir));
  let p: Prepared;
  try {
    checkOutputDir(outDir, options.protect ?? [process.cwd(), options.dataDir]);
    p = await prepare(options, progress, workers);
  } catch (error) {
    await stopRenderPool(workers);
    throw error;
  }
  stage('plan+fonts');
  const { cache } = p;
  const shard = options.shard;
  const jobs = shard ? p.renderer.jobs.filter((j) => shardOf(j, shard.count) === shard.index) : p.renderer.jobs;
  const balance = shard ? shardBalance(p.renderer.jobs, shard.count) : undefined;

  let origins: Origins | undefined;
  const { value: summary, removed } = await staged(
    outDir,
    async (dir) => {
      // A part-build writes a part of another output: it takes nothing over, and leaves nothing to take.
      const take = shard ? undefined : carryFrom(p.cacheDir, outDir, dir);
      const r = await renderPhase(dir, jobs, p.renderer, cache, progress, options.failAfterRenders, take);
      if (!shard) origins = r.origins;
      // A part-build (shard) draws no sheets and zips no packs: its render workers are done.
      if (shard) await p.renderer.close();
      stage('render');
      let manifest: Manifest;
      let audit: AuditReport;
      let sheetsRendered = 0;
      let siteFromCache = false;
      if (shard) {
        // A part: its files, its audit records and a manifest saying which shard of which build it is.
        audit = makeReport(r.audits);
        checkAudit(audit, options.allowAuditFailures, progress);
        writeUnder(dir, 'audit.json', `${JSON.stringify(audit, null, 2)}\n`);
        const part: ShardInfo = { index: shard.index, count: shard.count, jobs: jobs.length, selection: p.selection, thumbs: r.thumbs };
        manifest = {
          version: 1,
          baseUrl: p.base,
          preview: p.preview,
          build: { id: p.buildId, shard: part },
          campaigns: p.campaigns.map((c) => ({ edition: c.edition, year: c.year })),
          assets: r.assets,
          packs: [],
          contactSheets: [],
        };
        writeUnder(dir, 'manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
        verifyOutput(dir, manifest);
      } else {
        // The maker's engine files are taken from the previous output too (~37 MB), and recorded with the images.
        const carry = take && { take, origins: r.origins };
        ({ manifest, audit, sheetsRendered, siteFromCache } = await assemblePhase(dir, p, r.assets, r.audits, cache, progress, options.allowAuditFailures, stage, carry));
      }
      return {
        outDir,
        campaigns: p.campaigns.length,
        jobs: jobs.length,
        rendered: r.rendered,
        cacheHits: r.hits,
        contactSheetsRendered: sheetsRendered,
        siteFromCache,
        files: r.assets.length,
        countsByKind: countKinds(r.assets),
        ms: performance.now() - started,
        stages,
        preview: p.preview,
        manifest,
        audit,
        ...(balance && shard ? { shard: { ...shard, totalJobs: p.renderer.jobs.length, balance } } : {}),
      };
    },
    () => p.renderer.close(),
  );
  // What the output now in place was made from, for the next build into it (carry.ts), while the previous output is
  // removed.
  if (p.cacheDir && origins) recordOrigins(p.cacheDir, outDir, origins);
  options.onSwapped?.(summary.audit);
  // The workers began to stop once their last task was done (assemblePhase): by now they mostly have.
  await Promise.all([p.renderer.close(), removed]);
  stage('verify+swap');
  return { ...summary, ms: performance.now() - started };
}

export interface MergeOptions {
  /** The shards' output folders, in any order. */
  parts: readonly string[];
  dataDir: string;
  outDir: string;
  jobs?: number;
  cacheDir: string | false;
  progress?: Progress;
  protect?: readonly string[];
  allowAuditFailures?: boolean;
}

interface Part {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly shard: ShardInfo;
  readonly audit: AuditReport;
}

function readPart(dir: string): Part {
  const abs = path.resolve(dir);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(abs, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    throw new UsageError(`${dir} 不是 qmkit 的分片输出：没有可读的 manifest.json。请给出 qmkit build --shard k/n --out <目录> 写出的目录`);
  }
  const shard = manifest.build?.shard;
  if (!manifest.build?.id || !shard || !Number.isInteger(shard.index) || !Number.isInteger(shard.count)) {
    throw new UsageError(`${dir} 不是 qmkit 的分片输出：它的 manifest.json 没有 build.shard（这是一次完整构建的输出，还是旧版本 qmkit 写的？）。请给出 qmkit build --shard k/n 写出的目录`);
  }
  let audit: AuditReport;
  try {
    audit = JSON.parse(readFileSync(path.join(abs, 'audit.json'), 'utf8')) as AuditReport;
  } catch {
    throw new UsageError(`分片 ${dir}（${shard.index}/${shard.count}）缺少 audit.json：分片不完整，请重新构建这个分片`);
  }
  return { dir: abs, manifest, shard, audit };
}

const shortId = (id: string) => id.slice(0, 12);

/** Refuses parts from different builds, of different counts, duplicated or missing, with a message saying which. */
export function checkParts(parts: readonly Part[], dirs: readonly string[]): { count: number; id: string; selection: BuildSelection } {
  if (parts.length === 0) throw new UsageError('没有给出分片：用法 qmkit merge <分片目录>… --out <目录>');
  const first = parts[0]!;
  const name = (i: number) => `${dirs[i]}（分片 ${parts[i]!.shard.index}/${parts[i]!.shard.count}）`;
  for (let i = 1; i < parts.length; i++) {
    if (parts[i]!.manifest.build!.id !== first.manifest.build!.id) {
      throw new UsageError(
        `分片来自不同的构建，不能合并：${name(0)}的构建编号是 ${shortId(first.manifest.build!.id)}…，${name(i)}的是 ${shortId(parts[i]!.manifest.build!.id)}…。` +
          '构建编号由数据、网站设置和 qmkit 代码算出：两个分片用了不同的数据或不同版本的代码。请用同一份数据和同一版本的 qmkit 重新构建全部分片',
      );
    }
    if (parts[i]!.shard.count !== first.shard.count) {
      throw new UsageError(`分片总数不一致：${name(0)} 与 ${name(i)}。请用同一个 --shard k/n 的 n 构建全部分片`);
    }
  }
  const count = first.shard.count;
  const seen = new Map<number, number>();
  parts.forEach((part, i) => {
    const before = seen.get(part.shard.index);
    if (before !== undefined) {
      throw new UsageError(`分片 ${part.shard.index}/${count} 出现了两次：${dirs[before]} 和 ${dirs[i]}。每个分片只能给一次`);
    }
    seen.set(part.shard.index, i);
  });
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length) {
    throw new UsageError(
      `缺少分片 ${missing.map((k) => `${k}/${count}`).join('、')}：共 ${count} 个分片，收到 ${[...seen.keys()].sort((a, b) => a - b).join('、')}。请等全部分片构建完成后再合并`,
    );
  }
  return { count, id: first.manifest.build!.id, selection: first.shard.selection ?? {} };
}

/**
 * `qmkit merge`: checks the parts (same build, every shard once), copies their files into a staged folder, checks
 * each against its part's manifest, then assembles the kit exactly as `build` does and swaps it into place.
 */
export async function mergeKit(options: MergeOptions): Promise<BuildSummary> {
  const { stages, stage, started } = timer();
  const progress = options.progress ?? silentProgress;
  const outDir = path.resolve(options.outDir);
  checkOutputDir(outDir, options.protect ?? [process.cwd(), options.dataDir]);
  const parts = options.parts.map(readPart);
  for (const part of parts) {
    if (isInsideDir(outDir, part.dir) || isInsideDir(part.dir, outDir)) throw new UsageError(`--out ${outDir} 不能是分片目录 ${part.dir} 或在它里面（合并会整体替换 --out）`);
  }
  const { count, id, selection } = checkParts(parts, options.parts);
  const p = await prepare({ dataDir: options.dataDir, cacheDir: options.cacheDir, ...(options.jobs !== undefined ? { jobs: options.jobs } : {}), ...selection }, progress);
  if (p.buildId !== id) {
    await p.renderer.close();
    throw new UsageError(
      `分片与本机的数据或代码不同，不能合并：分片的构建编号是 ${shortId(id)}…，用本机 ${options.dataDir} 的数据和这个版本的 qmkit 算出的是 ${shortId(p.buildId)}…。` +
        '请用构建分片时的同一份数据（--data）和同一版本的 qmkit 合并',
    );
  }
  stage('plan+fonts');
  const { cache } = p;
  const byIndex = new Map(parts.map((part) => [part.shard.index, part]));

  const { value: summary, removed } = await staged(
    outDir,
    async (dir) => {
      // Every job's files come from the shard that owns it, checked against that shard's manifest as they are copied.
      // A job's entries are consecutive in its part's manifest, its PNG first, then its twins (BMP, GIF, PDF) in the
      // order the single build writes them: grouped here by the job's PNG path.
      const mainPaths = new Set(p.renderer.jobs.map((j) => j.path));
      const groups = (assets: readonly ManifestAsset[]) => {
        const byMain = new Map<string, ManifestAsset[]>();
        let current: ManifestAsset[] | undefined;
        for (const a of assets) {
          if (mainPaths.has(a.path)) byMain.set(a.path, (current = [a]));
          else current?.push(a);
        }
        return byMain;
      };
      const index = new Map<Part, { assets: Map<string, ManifestAsset[]>; audits: Map<string, AssetAudit>; thumbs: Map<string, string> }>();
      for (const part of parts) {
        index.set(part, {
          assets: groups(part.manifest.assets),
          audits: new Map(part.audit.assets.map((a) => [a.path, a])),
          thumbs: new Map(part.shard.thumbs.map((t) => [t.path, t.sha256])),
        });
      }
      const copy = (part: Part, rel: string, expected: string) => {
        let bytes: Buffer;
        try {
          bytes = readFileSync(path.join(part.dir, rel));
        } catch {
          throw new BuildError(`分片 ${part.dir}（${part.shard.index}/${count}）缺少文件 ${rel}：分片不完整，请重新构建这个分片`);
        }
        if (sha256(bytes) !== expected) throw new BuildError(`分片 ${part.dir}（${part.shard.index}/${count}）中的 ${rel} 与它的清单不符（SHA-256 不同）：文件被改动或损坏，请重新构建这个分片`);
        writeUnder(dir, rel, bytes);
      };
      const assets: ManifestAsset[] = [];
      const audits: AssetAudit[] = [];
      const jobs = p.renderer.jobs;
      progress.start(jobs.length, '合并分片');
      for (const job of jobs) {
        const part = byIndex.get(shardOf(job, count))!;
        const own = index.get(part)!;
        const audit = own.audits.get(job.path);
        const entries = own.assets.get(job.path);
        if (!audit || !entries) throw new BuildError(`分片 ${part.dir}（${part.shard.index}/${count}）缺少 ${job.path}：它应由这个分片渲染。分片不完整或来自不同的分片划分，请重新构建这个分片`);
        for (const asset of entries) {
          copy(part, asset.path, asset.sha256);
          assets.push(asset);
        }
        const thumb = job.thumbPath ? own.thumbs.get(job.thumbPath) : undefined;
        if (job.thumbPath && thumb) copy(part, job.thumbPath, thumb);
        audits.push(audit);
        progress.tick(job.id);
      }
      progress.stop();
      stage('copy');
      const a = await assemblePhase(dir, p, assets, audits, cache, progress, options.allowAuditFailures, stage);
      return {
        outDir,
        campaigns: p.campaigns.length,
        jobs: jobs.length,
        rendered: 0,
        cacheHits: 0,
        contactSheetsRendered: a.sheetsRendered,
        siteFromCache: a.siteFromCache,
        files: assets.length,
        countsByKind: countKinds(assets),
        ms: performance.now() - started,
        stages,
        preview: p.preview,
        manifest: a.manifest,
        audit: a.audit,
      };
    },
    () => p.renderer.close(),
  );
  await Promise.all([p.renderer.close(), removed]);
  stage('verify+swap');
  return { ...summary, ms: performance.now() - started };
}

function isInsideDir(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
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
  /** siteSourceHash() */
  sourceHash: string;
}): Promise<boolean> {
  const { kit, manifest, audit, cache, dir, write, sourceHash } = options;
  const view = buildSiteView(kit, { manifest, audit });
  const siteKey = sha256(JSON.stringify(['site-2', sourceHash, view]));
  const cached = cache.get(siteKey);
  const paths = (cached?.meta as { paths?: string[] } | null)?.paths;
  if (cached && paths && paths.every((_, i) => cached.files[`f${i}`])) {
    paths.forEach((p, i) => write(p, cached.files[`f${i}`]!));
    return true;
  }
  // Eleventy writes into a folder of its own inside the staged output, so the site's files are that folder's (no
  // listing of the ~1,000 files around them before and after, ~30 ms), and are then moved into place.
  const siteDir = path.join(dir, SITE_STAGE);
  const { buildSite } = await import('../site/build-site.ts');
  // The display font is cached on its own too: an edit that changes a page but no heading's characters reuses it.
  const fontCache = blobStore(cache, 'woff');
  // And the compiled templates: an edit of the data changes pages, not templates.
  const templateCache = { cache: textStore(cache, 'js'), salt: sourceHash };
  await buildSite({ kit, outDir: siteDir, quiet: true, manifest, audit, view, maker: false, fontCache, templateCache });
  const added = listFiles(siteDir);
  moveInto(siteDir, dir);
  cache.put(siteKey, { files: Object.fromEntries(added.map((p, i) => [`f${i}`, readFileSync(path.join(dir, p))])), meta: { paths: added } });
  return false;
}

/** The folder inside the staged output that Eleventy writes the site into (writeSite), moved into place after. */
const SITE_STAGE = '.qmkit-site';

/**
 * Moves everything under `from` to the same place under `to`, merging folders that are already there (the site's
 * maker/ and the engine's), and removes `from`. A path is moved over, never written through (see writeUnder).
 */
function moveInto(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory() && existsSync(target)) {
      if (!lstatSync(target).isDirectory()) throw new BuildError(`Internal error: 网站的文件夹 ${entry.name} 与已有文件同名`);
      moveInto(source, target);
    } else {
      renameSync(source, target);
    }
  }
  rmdirSync(from);
}

/** Every manifest path exists and its sha256 matches, before the build is swapped into place. */
export function verifyOutput(dir: string, manifest: Manifest): void {
  verifyFiles(dir, [...manifest.assets, ...manifest.packs, ...manifest.contactSheets]);
}

/** The files exist under dir and have their SHA-256 (checkFiles), else a BuildError saying which does not. */
function verifyFiles(dir: string, items: readonly Listed[]): void {
  const problem = checkFiles(dir, items);
  if (problem) throw new BuildError(problem);
}
