import { existsSync, readFileSync, readdirSync, type Dirent } from 'node:fs';
import { projectPath } from '../paths.ts';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
import type { Campaign, Site } from '../campaign/model.ts';
import { checkDotGlyphs, usesDotGlyphs } from '../render/dot-font.ts';
import { checkedChars, WEIGHTS } from '../render/font-chars.ts';
import { fontFacts } from '../render/font-facts.ts';
import type { FontFiles, Fonts } from '../render/fonts.ts';
import type { Subsetter, SubsetBytes } from '../render/subsetter.ts';
import { startRenderPool, stopRenderPool, type StartedPool } from './pool.ts';
import type { RenderJob } from '../render/job.ts';
import { assetFiles } from '../render/manifest.ts';
import { planJobs, type PlanOptions } from '../render/plan.ts';
import type { Profile } from '../render/profiles.ts';
import { jobTexts } from '../render/texts.ts';
import { noCache, planMemo, textStore, type CachedResult, type RenderCache } from './cache.ts';
import { sha256 } from './hash.ts';
import type { ManifestAsset } from './manifest.ts';
import type { PackInput } from './assemble-task.ts';
import type { Listed } from './verify.ts';
import { BuildError } from '../errors.ts';

/** One file a job produces: where it goes, which blob of the result it is, and its manifest entry (thumbnails have none). */
export interface OutputEntry {
  readonly path: string;
  readonly file: string;
  readonly asset?: ManifestAsset;
}

export interface Renderer {
  readonly jobs: readonly RenderJob[];
  /** Worker threads in the pool. */
  readonly threads: number;
  /** Hash of the full font files: unlike the per-build subset, it doesn't change when one slogan does. */
  readonly fontsHash: string;
  /** Hash of the renderer's own source: any change to a layout invalidates the cache. */
  readonly version: string;
  /** Hash of the source a contact sheet is drawn by (the renderer's and the sheet's own): its cache entries' version. */
  readonly sheetVersion: string;
  /** Starts subsetting the fonts and the worker pool's warm-up now, when the build knows it will render. */
  warm(): void;
  render(job: RenderJob): Promise<CachedResult>;
  entries(job: RenderJob, result: CachedResult): OutputEntry[];
  /** A contact sheet, drawn in a render worker (once the renders are done) from the thumbnails and images already written under `dir`. */
  contactSheet(campaign: Campaign, assets: readonly ManifestAsset[], dir: string): Promise<Uint8Array>;
  /** Download packs zipped one after another by one render worker, from files already there; resolves to their SHA-256s. */
  zipPacks(packs: readonly PackInput[]): Promise<string[]>;
  /** Checks files already written under `dir` against their SHA-256 in a render worker; rejects (BuildError) on the first that differs. */
  verify(dir: string, items: readonly Listed[]): Promise<void>;
  /** Stops the workers (once: every call returns the same promise, until a later task starts them again). */
  close(): Promise<void>;
}

// Everything a cached render was made by: the poster engine, the audit stored beside it, and the task gluing them.
const RENDER_SOURCES = ['src/render/', 'src/audit/', 'src/kit/render-task.ts'].map(projectPath);
// A cached contact sheet: the engine (its labels name the profiles), the sheet's drawing and the task running it. Kept
// apart from RENDER_SOURCES, so that a change to the sheet or the packs' worker does not re-render every poster.
const SHEET_SOURCES = [...RENDER_SOURCES, ...['src/kit/contact-sheet.ts', 'src/kit/assemble-task.ts'].map(projectPath)];

// The libraries whose code decides a render's bytes or its audit: an upgrade re-renders (the fonts are hashed apart).
const RENDER_LIBRARIES = ['satori', '@resvg/resvg-js', 'qrcode', 'jsqr', '@zxing/library', 'pdfkit', 'svg-to-pdfkit', 'gifenc', 'pako', 'fast-png', 'budoux', 'fontkit'];

/** The version of an installed package: from the package.json named `name` nearest above its entry point. */
function packageVersion(name: string): string {
  for (let dir = path.dirname(require.resolve(name)); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (json.name === name && json.version) return json.version;
  }
  throw new Error(`Internal error: no package.json with a version for ${name}`);
}

/**
 * A hash of everything a cache entry was made by (the layout version in cache keys): the source under `paths` and
 * the render libraries' versions.
 */
export function renderSourceHash(paths: readonly string[] = RENDER_SOURCES, read: SourceReader = readSource()): string {
  return sha256(`${RENDER_LIBRARIES.map((l) => `${l}@${read.version(l)}`).join(' ')}\0${sourceHash(paths, (f) => f.endsWith('.ts'), read)}`);
}

/**
 * The source files and package versions the hashes above read, each read once however many hashes a build takes from
 * them (the renders' and the contact sheets' share all but two files).
 */
export interface SourceReader {
  list(dir: string): string[];
  text(file: string): string;
  version(pkg: string): string;
}

export function readSource(): SourceReader {
  const memo = <T>(make: (key: string) => T) => {
    const seen = new Map<string, T>();
    return (key: string) => {
      if (!seen.has(key)) seen.set(key, make(key));
      return seen.get(key)!;
    };
  };
  return { list: memo(listFiles), text: memo((f) => readFileSync(f, 'utf8')), version: memo(packageVersion) };
}

const SITE_SOURCES = ['templates/', 'src/site/', '.eleventy.js', 'src/maker/', 'src/browser/', 'src/campaign/', 'src/notice/', 'src/pack-readme.ts', 'src/urls.ts'].map(projectPath);

/** A hash of everything the microsite is made from besides the model: templates, site code, Eleventy's version. */
export function siteSourceHash(): string {
  return sha256(`${packageVersion('@11ty/eleventy')}\0${sourceHash(SITE_SOURCES, () => true)}`);
}

function sourceHash(paths: readonly string[], keep: (file: string) => boolean, read: SourceReader = readSource()): string {
  const files = paths.flatMap((p) => (!p.endsWith('/') ? [p] : read.list(p).map((f) => path.join(p, f)).filter(keep)));
  return sha256(files.sort().map((f) => `${path.relative(paths[0]!, f)}\0${read.text(f)}`).join('\0'));
}

/** Thumbnails that contact sheets being drawn at once may hold: a 2022-sized sheet (338) draws alone. */
const SHEET_BUDGET = 200;

/**
 * A budget shared by tasks of different weights, entered in call order: a task waits until its weight fits beside
 * the running ones, and a task heavier than the whole budget runs once nothing else does.
 */
export class Budget {
  #used = 0;
  #running = 0;
  readonly #waiting: { weight: number; go: () => void }[] = [];
  constructor(readonly size: number) {}
  enter(weight: number): Promise<void> {
    return new Promise((go) => {
      this.#waiting.push({ weight, go });
      this.#next();
    });
  }
  leave(weight: number): void {
    this.#used -= weight;
    this.#running--;
    this.#next();
  }
  #next(): void {
    for (let head = this.#waiting[0]; head && (this.#running === 0 || this.#used + head.weight <= this.size); head = this.#waiting[0]) {
      this.#waiting.shift();
      this.#used += head.weight;
      this.#running++;
      head.go();
    }
  }
}

/** The fonts a render task carries: the subset bytes in shared memory, and an id a worker keeps its parsed copy under. */
export interface RenderTaskFonts {
  readonly id: string;
  readonly subsets: Readonly<Record<keyof Fonts['subsets'], Uint8Array>>;
}

async function subsetFonts(chars: string, files: FontFiles): Promise<Fonts> {
  return (await import('../render/fonts-node.ts')).subsetFonts(chars, files);
}

function shareBytes(subsets: Fonts['subsets']): RenderTaskFonts['subsets'] {
  return Object.fromEntries(
    Object.entries(subsets).map(([w, bytes]) => {
      const view = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
      view.set(bytes);
      return [w, view];
    }),
  ) as unknown as RenderTaskFonts['subsets'];
}

/** Every file under dir, relative, with forward slashes, sorted. */
export function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .sort();
}

export function outputEntries(job: RenderJob, result: CachedResult): OutputEntry[] {
  const width = (result.meta as { width?: number } | null)?.width ?? job.width;
  const height = (result.meta as { height?: number } | null)?.height ?? job.height;
  const entries: OutputEntry[] = assetFiles(job, result.files, { width, height }).map(({ file, asset }) => ({ path: asset.path, file, asset }));
  if (job.thumbPath && result.files.thumb) entries.push({ path: job.thumbPath, file: 'thumb' });
  return entries;
}

/**
 * A cached subset is reused while it covers the build's characters and has at most this many more (satori's parse
 * time grows with the font): a one-slogan edit that drops or adds a few characters keeps the last build's subset.
 */
const SUBSET_SLACK = (needed: number) => Math.ceil(needed * 0.25) + 64;

/**
 * The build's subset fonts: the last build's subset when it still covers every character (subsetting takes ~0.5 s,
 * on the critical path of a small build or an edit), else a new one, which is stored for the next build. Renders
 * never depend on which subset they got: every glyph has the same outline, advance and metrics in any subset that
 * holds it, the PDFs hold paths only, and cache keys use the full fonts' hash (test/kit/build.test.ts compares a
 * build on a reused subset with one on a fresh subset, byte for byte).
 */
async function cachedSubset(chars: string, files: () => Promise<FontFiles>, fontsHash: string, cache: RenderCache, subsetter?: Subsetter): Promise<SubsetBytes> {
  const key = sha256(JSON.stringify(['font-subset', 1, fontsHash]));
  const hit = cache.get(key);
  const have = (hit?.meta as { chars?: unknown } | null | undefined)?.chars;
  const needed = [...chars];
  if (hit && typeof have === 'string' && WEIGHTS.every((w) => hit.files[w])) {
    const own = new Set(have);
    if (needed.every((c) => own.has(c)) && own.size <= needed.length + SUBSET_SLACK(needed.length)) {
      void subsetter?.stop();
      return Object.fromEntries(WEIGHTS.map((w) => [w, hit.files[w]!])) as SubsetBytes;
    }
  }
  const subsets = subsetter ? await subsetter.subset(chars) : (await subsetFonts(chars, await files())).subsets;
  cache.put(key, { files: Object.fromEntries(WEIGHTS.map((w) => [w, subsets[w]])), meta: { chars } });
  return subsets;
}

/**
 * Plans every job and checks every glyph; subsets the fonts and starts the worker pool only when something renders
 * (or takes over `started`, a pool begun before the plan, and stops it on close()).
 */
export async function createRenderer(
  campaigns: readonly Campaign[],
  site: Site,
  profiles: readonly Profile[],
  threads: number,
  plan: PlanOptions = {},
  started?: StartedPool,
  subsetCache: RenderCache = noCache,
  cacheDir: string | false = false,
): Promise<Renderer> {
  const sources = readSource();
  const version = renderSourceHash(RENDER_SOURCES, sources);
  // The planner's answers for texts an earlier build planned (a one-slogan edit pages 3 texts for the LED panels, not 51).
  const planned = planMemo(subsetCache, version);
  const jobs = campaigns.flatMap((c) => planJobs(c, site, profiles, plan, planned.memo));
  planned.save();
  // The glyph check and the cache keys need the font files' facts (coverage, digests), kept in the cache; the files
  // themselves (31 MB, and fontkit to parse them) are read only to make a new subset, and not held after it.
  let files: FontFiles | undefined;
  // (Without a cache, no store: the facts are not worked into storable form for nothing.)
  const facts = await fontFacts(subsetCache === noCache ? undefined : textStore(subsetCache, 'facts'), (read) => (files = read));
  const chars = checkedChars(jobs.flatMap(jobTexts), facts);
  // 16-dot LED text is drawn from the dot glyph table: a character it lacks fails here, before anything renders.
  for (const job of jobs) if (usesDotGlyphs(job)) checkDotGlyphs(job.n === undefined ? '主题' : '口号', job.text);
  const fontsHash = sha256(WEIGHTS.map((w) => facts.digests[w]).join(''));
  let subsets: Promise<SubsetBytes> | undefined;
  const fontFiles = async () => (files ??= (await import('../render/fonts-node.ts')).loadFontFiles());
  // A build whose renders all come from the cache never pays for subsetting (it is most of a no-op build's time).
  const getSubsets = () =>
    (subsets ??= cachedSubset(chars, fontFiles, fontsHash, subsetCache, started?.subsetter).finally(() => {
      files = undefined;
    }));
  // The subset bytes, once, in shared memory: every task carries them without a copy, and each worker parses them
  // once per build (it keeps them under their id).
  let shared: Promise<RenderTaskFonts> | undefined;
  const getShared = () => (shared ??= getSubsets().then((f) => ({ id: sha256(WEIGHTS.map((w) => sha256(f[w])).join('')), subsets: shareBytes(f) })));
  // One pool, made once, without waiting for the fonts: the workers load the compiled render code while the main
  // thread subsets the fonts (and plans), so that warm-up is paid once per build, in parallel, not per task.
  let pool: StartedPool | undefined = started;
  const sheetGate = new Budget(SHEET_BUDGET);
  const getPool = () => (pool ??= startRenderPool(threads));
  let closing: Promise<void> = Promise.resolve();
  const sheetVersion = renderSourceHash(SHEET_SOURCES, sources);
  // The engine's QR answers are kept in the cache folder (Platform.memo), under the render version.
  const memo = cacheDir ? { memo: { dir: cacheDir, version } } : {};
  // The contact sheets' tiles are kept there too; a tile's labels are text, so its version is the sheet code's and
  // the fonts'. The render workers draw each new image's tile beside its render (render-task.ts).
  const cells = cacheDir ? { cells: { dir: cacheDir, version: sha256(`${sheetVersion}\0${fontsHash}`) } } : {};
  return {
    jobs,
    threads: pool?.threads ?? threads,
    fontsHash,
    version,
    sheetVersion,
    warm: () => {
      void getSubsets().catch(() => {});
      void getPool().pool.catch(() => {});
    },
    render: async (job) => {
      const started = getPool();
      const f = await getShared();
      return started.run({ job, fonts: f, ...memo, ...cells }) as Promise<CachedResult>;
    },
    entries: outputEntries,
    // A 2022 sheet takes ~1.2 s from no cached tiles (~0.25 s from cached ones), its packs ~0.6 s: off the main
    // thread, which writes the site meanwhile. A sheet holds its scanlines (60 MB for the 338 files of 2022) and the
    // tiles being drawn; when sheets were drawn whole by resvg (~250 MB each), two at once took the build of all
    // shipped data to a 1.06 GiB peak: sheets share a budget of thumbnails, so a large one draws alone while small
    // ones (a local edition's few files) still go two at a time.
    contactSheet: async (campaign, assets, dir) => {
      const weight = assets.filter((a) => a.path.endsWith('.png')).length;
      await sheetGate.enter(weight);
      try {
        const started = getPool();
        const f = await getShared();
        return (await started.run({ sheet: true, campaign, assets, dir, subsets: f.subsets, ...cells })) as Uint8Array;
      } finally {
        sheetGate.leave(weight);
      }
    },
    zipPacks: async (packs) => getPool().run({ packs }) as Promise<string[]>,
    verify: async (dir, items) => {
      const problem = (await getPool().run({ verify: true, dir, items })) as string | null;
      if (problem) throw new BuildError(problem);
    },
    close() {
      const p = pool;
      pool = undefined;
      if (p) closing = stopRenderPool(p);
      return closing;
    },
  };
}
