import { existsSync, readFileSync, readdirSync, renameSync, type Dirent } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Tinypool from 'tinypool';

const require = createRequire(import.meta.url);
import type { Campaign, Site } from '../campaign/model.ts';
import { checkDotGlyphs, usesDotGlyphs } from '../render/dot-font.ts';
import { checkedChars, loadFontFiles, subsetFonts, type Fonts } from '../render/fonts.ts';
import type { RenderJob } from '../render/job.ts';
import { assetFiles } from '../render/manifest.ts';
import { planJobs, type PlanOptions } from '../render/plan.ts';
import type { Profile } from '../render/profiles.ts';
import { jobTexts } from '../render/render.ts';
import type { CachedResult } from './cache.ts';
import { renderContactSheet } from './contact-sheet.ts';
import { sha256 } from './hash.ts';
import type { ManifestAsset } from './manifest.ts';

/** One file a job produces: where it goes, which blob of the result it is, and its manifest entry (thumbnails have none). */
export interface OutputEntry {
  readonly path: string;
  readonly file: string;
  readonly asset?: Omit<ManifestAsset, 'sha256'>;
}

export interface Renderer {
  readonly jobs: readonly RenderJob[];
  /** Worker threads in the pool. */
  readonly threads: number;
  /** Hash of the full font files: unlike the per-build subset, it doesn't change when one slogan does. */
  readonly fontsHash: string;
  /** Hash of the renderer's own source: any change to a layout invalidates the cache. */
  readonly version: string;
  /** The build's subset fonts, made on first use. */
  fonts(): Promise<Fonts>;
  render(job: RenderJob): Promise<CachedResult>;
  entries(job: RenderJob, result: CachedResult): OutputEntry[];
  contactSheet(campaign: Campaign, assets: readonly ManifestAsset[], read: (p: string) => Uint8Array | undefined): Promise<Uint8Array>;
  close(): Promise<void>;
}

// Everything a cached entry was made by: the poster engine, the audit stored beside it, and the task gluing them.
const CACHED_SOURCES = ['../render/', '../audit/', './render-task.ts', './contact-sheet.ts'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

/** A hash of the source of everything a cache entry was made by (the layout version in cache keys). */
export function renderSourceHash(paths: readonly string[] = CACHED_SOURCES): string {
  return sourceHash(paths, (f) => f.endsWith('.ts'));
}

const SITE_SOURCES = ['../../templates/', '../site/', '../../.eleventy.js'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

/** A hash of everything the microsite is made from besides the model: templates, site code, Eleventy's version. */
export function siteSourceHash(): string {
  let dir = path.dirname(require.resolve('@11ty/eleventy'));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const eleventy = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  return sha256(`${eleventy}\0${sourceHash(SITE_SOURCES, () => true)}`);
}

function sourceHash(paths: readonly string[], keep: (file: string) => boolean): string {
  const files = paths.flatMap((p) => (!p.endsWith('/') ? [p] : listFiles(p).map((f) => path.join(p, f)).filter(keep)));
  return sha256(files.sort().map((f) => `${path.relative(paths[0]!, f)}\0${readFileSync(f, 'utf8')}`).join('\0'));
}

const SRC_DIR = fileURLToPath(new URL('../', import.meta.url));
const BUNDLE_DIR = fileURLToPath(new URL('../../node_modules/.cache/qmkit-worker/', import.meta.url));

/**
 * The render worker's entry: render-task.ts and the source it imports, bundled by esbuild into one plain ES
 * module (npm packages stay imports), named by the hash of src/. Workers then load no TypeScript loader of their
 * own: they start in a fraction of the time and each takes ~150 MB less (peak RSS, issue 6). When esbuild is not
 * usable, render-worker.js registers tsx instead, as before.
 */
async function workerEntry(): Promise<string> {
  const file = path.join(BUNDLE_DIR, `render-task-${sourceHash([SRC_DIR], (f) => f.endsWith('.ts')).slice(0, 16)}.mjs`);
  if (existsSync(file)) return pathToFileURL(file).href;
  try {
    const { build } = await import('esbuild');
    const tmp = `${file}.${process.pid}.tmp`;
    await build({ entryPoints: [path.join(SRC_DIR, 'kit', 'render-task.ts')], outfile: tmp, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'silent' });
    renameSync(tmp, file);
    return pathToFileURL(file).href;
  } catch {
    return new URL('./render-worker.js', import.meta.url).href;
  }
}

/** Every file under dir, relative, with forward slashes, sorted. */
export function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .sort();
}

export function outputEntries(job: RenderJob, result: CachedResult): OutputEntry[] {
  const width = (result.meta as { width?: number }).width ?? job.width;
  const height = (result.meta as { height?: number }).height ?? job.height;
  const entries: OutputEntry[] = assetFiles(job, result.files, { width, height }).map(({ file, asset }) => ({ path: asset.path, file, asset }));
  if (job.thumbPath && result.files.thumb) entries.push({ path: job.thumbPath, file: 'thumb' });
  return entries;
}

/** Plans every job and checks every glyph; subsets the fonts and starts the worker pool only when something renders. */
export async function createRenderer(campaigns: readonly Campaign[], site: Site, profiles: readonly Profile[], threads: number, plan: PlanOptions = {}): Promise<Renderer> {
  const jobs = campaigns.flatMap((c) => planJobs(c, site, profiles, plan));
  const files = loadFontFiles();
  const chars = checkedChars(jobs.flatMap(jobTexts), files);
  // 16-dot LED text is drawn from the dot glyph table: a character it lacks fails here, before anything renders.
  for (const job of jobs) if (usesDotGlyphs(job)) checkDotGlyphs(job.n === undefined ? '主题' : '口号', job.text);
  const fontsHash = sha256(Object.values(files.data).map((d) => sha256(d)).join(''));
  let fonts: Promise<Fonts> | undefined;
  // A build whose renders all come from the cache never pays for subsetting (it is most of a no-op build's time).
  const getFonts = () => (fonts ??= subsetFonts(chars, files));
  // One pool, made once: the promise is memoised, so jobs that arrive together share it.
  let pool: Promise<Tinypool> | undefined;
  const getPool = () =>
    (pool ??= Promise.all([getFonts(), workerEntry()]).then(
      ([f, filename]) =>
        new Tinypool({
          filename,
          minThreads: threads,
          maxThreads: threads,
          workerData: { subsets: f.subsets },
        }),
    ));
  return {
    jobs,
    threads,
    fontsHash,
    version: renderSourceHash(),
    fonts: getFonts,
    render: async (job) => (await getPool()).run({ job }) as Promise<CachedResult>,
    entries: outputEntries,
    contactSheet: async (campaign, assets, read) => renderContactSheet(campaign, assets, read, await getFonts()),
    async close() {
      const p = pool;
      pool = undefined;
      await (await p)?.destroy();
    },
  };
}
