import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import type { Campaign, Site } from '../campaign/model.ts';
import { buildFonts, loadFontFiles, type Fonts } from '../render/fonts.ts';
import type { RenderJob } from '../render/job.ts';
import { planJobs } from '../render/plan.ts';
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
  /** Hash of the full font files: unlike the per-build subset, it doesn't change when one slogan does. */
  readonly fontsHash: string;
  /** Hash of the renderer's own source: any change to a layout invalidates the cache. */
  readonly version: string;
  readonly fonts: Fonts;
  render(job: RenderJob): Promise<CachedResult>;
  entries(job: RenderJob, result: CachedResult): OutputEntry[];
  contactSheet(campaign: Campaign, assets: readonly ManifestAsset[], read: (p: string) => Uint8Array | undefined): Promise<Uint8Array>;
  close(): Promise<void>;
}

// Everything a cached entry was made by: the poster engine, the audit stored beside it, and the task gluing them.
const CACHED_SOURCES = ['../render/', '../audit/', './render-task.ts'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

/** A hash of the source of everything a cache entry was made by (the layout version in cache keys). */
export function renderSourceHash(paths: readonly string[] = CACHED_SOURCES): string {
  const files = paths.flatMap((p) =>
    p.endsWith('.ts') ? [p] : (readdirSync(p, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => path.join(p, f)),
  );
  return sha256(files.sort().map((f) => `${path.relative(paths[0]!, f)}\0${readFileSync(f, 'utf8')}`).join('\0'));
}

export function outputEntries(job: RenderJob, result: CachedResult): OutputEntry[] {
  const base = { edition: job.edition, year: job.year, kind: job.kind, profile: job.profile.id, text: job.text, url: job.url };
  const width = (result.meta as { width?: number }).width ?? job.width;
  const height = (result.meta as { height?: number }).height ?? job.height;
  const entries: OutputEntry[] = [{ path: job.path, file: 'png', asset: { ...base, width, height, path: job.path } }];
  if (job.bmpPath && result.files.bmp) entries.push({ path: job.bmpPath, file: 'bmp', asset: { ...base, width, height, path: job.bmpPath } });
  if (job.thumbPath && result.files.thumb) entries.push({ path: job.thumbPath, file: 'thumb' });
  return entries;
}

/** Plans every job, checks every glyph and subsets the fonts once, and starts the worker pool. */
export async function createRenderer(campaigns: readonly Campaign[], site: Site, profiles: readonly Profile[], threads: number): Promise<Renderer> {
  const jobs = campaigns.flatMap((c) => planJobs(c, site, profiles));
  const files = loadFontFiles();
  const fonts = await buildFonts(jobs.flatMap(jobTexts), files);
  const fontsHash = sha256(Object.values(files.data).map((d) => sha256(d)).join(''));
  let pool: Tinypool | undefined;
  const getPool = () =>
    (pool ??= new Tinypool({
      filename: new URL('./render-worker.js', import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
      workerData: { subsets: fonts.subsets },
    }));
  return {
    jobs,
    fontsHash,
    version: renderSourceHash(),
    fonts,
    render: (job) => getPool().run({ job }) as Promise<CachedResult>,
    entries: outputEntries,
    contactSheet: (campaign, assets, read) => renderContactSheet(campaign, assets, read, fonts),
    async close() {
      const p = pool;
      pool = undefined;
      await p?.destroy();
    },
  };
}
