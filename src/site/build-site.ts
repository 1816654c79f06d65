import path from 'node:path';
import { projectPath } from '../paths.ts';
import type { AuditReport } from '../audit/report.ts';
import type { KitData } from '../campaign/model.ts';
import { BuildError } from '../errors.ts';
import type { EngineFiles } from '../maker/build-engine.ts';
import type { Manifest } from '../render/manifest.ts';
import { placeEngine } from './maker.ts';
import sitePlugin, { type EleventyConfigLike } from './plugin.ts';
import type { FontCache } from './font.ts';
import { withTemplateCache, type TemplateCache } from './template-cache.ts';
import { buildSiteView, type SiteView } from './view-model.ts';

/** The templates folder of this package, wherever the kit is run from. */
export const TEMPLATES_DIR = projectPath('templates/');

export interface BuildSiteOptions {
  /** The validated model (loadKitData); the templates never read YAML. */
  kit: KitData;
  /** The output folder; the site's files are written into it beside whatever is there (posters, zips). */
  outDir: string;
  /** Overrides site.pathPrefix, e.g. `/zlgy/` when the folder is served from a subfolder. */
  pathPrefix?: string;
  quiet?: boolean;
  /** What the build made (it writes manifest.json before the site): the site shows exactly these files. */
  manifest: Manifest;
  /** The build's legibility audit: adds the audit pages and the gallery's link to them. */
  audit?: AuditReport;
  /** The pages' data when the caller has already made it from the same inputs (the build keys its cache on it). */
  view?: SiteView;
  /** Display fonts made by earlier builds (the build's cache). */
  fontCache?: FontCache;
  /** Nunjucks templates compiled by earlier builds (the build's cache), and the site source hash they were made by. */
  templateCache?: { cache: TemplateCache; salt: string };
  /** Write the maker's engine (maker/engine/: worker bundle, WASM, font slices); default true. */
  maker?: boolean;
}

export interface BuildSiteResult {
  /** The HTML pages written, relative to outDir, sorted. */
  pages: string[];
  /** The subset webfont: its path relative to outDir, its size and how many characters it covers. */
  font: { file: string; bytes: number; chars: number };
  /** The maker's engine files (under maker/engine/), when written. */
  engine?: EngineFiles;
}

interface EleventyLike {
  write(): Promise<[unknown, { outputPath: string | false }[]]>;
  disableLogger(): void;
}
type EleventyCtor = new (input: string, output: string, options: Record<string, unknown>) => EleventyLike;

let eleventyModule: Promise<{ default: EleventyCtor }> | undefined;
/**
 * Loads Eleventy once (about a second): the build starts this while the workers render, so the site does not wait.
 * Eleventy's ESM cache buster (for --watch, which the kit never uses) is turned off: on Node < 22.15 it registers a
 * module hooks thread that blocked the main thread ~0.26 s and then routed every later import through it (issue 11).
 */
export const loadEleventy = () => {
  process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= '1';
  return (eleventyModule ??= import('@11ty/eleventy' as string) as Promise<{ default: EleventyCtor }>);
};

/** The pages' data for a kit built into outDir; shared with .eleventy.js. */
export function siteView(kit: KitData, pathPrefix: string, manifest: Manifest, audit?: AuditReport): SiteView {
  return buildSiteView(kit, { manifest, pathPrefix, ...(audit ? { audit } : {}) });
}

/**
 * The templates folder as Eleventy should be given it: relative to the working folder. Given an absolute path outside
 * it, Eleventy's file search (tinyglobby) crawls from the file system's root through every ancestor of the working
 * folder: run from a folder under /tmp with a few thousand entries, the site's two searches took ~0.17 s of the main
 * thread instead of ~10 ms. A relative path is searched from the templates folder itself.
 */
function globbableInput(dir: string): string {
  try {
    const rel = path.relative(process.cwd(), dir);
    return rel === '' ? '.' : path.isAbsolute(rel) ? dir : rel;
  } catch {
    return dir; // no working folder (removed): the absolute path still works
  }
}

/** Builds the microsite into outDir with Eleventy 3 and the Nunjucks templates in templates/. */
export async function buildSite(options: BuildSiteOptions): Promise<BuildSiteResult> {
  const { kit, quiet = false } = options;
  const outDir = path.resolve(options.outDir);
  const pathPrefix = options.pathPrefix ?? kit.site.pathPrefix;
  if (!/^\/(?:[A-Za-z0-9._~-]+\/)*$/.test(pathPrefix)) {
    throw new BuildError(`pathPrefix 无效：应以 / 开头并以 / 结尾（如 / 或 /zlgy/），收到「${pathPrefix}」`);
  }
  const view = options.view ?? siteView(kit, pathPrefix, options.manifest, options.audit);

  const { default: Eleventy } = await loadEleventy();
  let font: BuildSiteResult['font'] | undefined;
  const eleventy = new Eleventy(globbableInput(TEMPLATES_DIR), outDir, {
    // Only this plugin configures the build: the top-level .eleventy.js (which reads data/) is not loaded.
    configPath: false,
    quietMode: quiet,
    pathPrefix,
    config(eleventyConfig: EleventyConfigLike) {
      sitePlugin(eleventyConfig, { view, onFont: (f) => (font = f), maker: { campaigns: kit.campaigns, baseUrl: kit.site.baseUrl }, ...(options.fontCache ? { fontCache: options.fontCache } : {}) });
    },
  });
  if (quiet) eleventy.disableLogger();
  let written: { outputPath: string | false }[];
  try {
    [, written] = await withTemplateCache(options.templateCache?.cache, options.templateCache?.salt ?? '', () => eleventy.write());
  } catch (cause) {
    throw new BuildError(`生成微网站失败（模板目录 ${TEMPLATES_DIR}）`, { cause });
  }
  if (!font) throw new BuildError('Internal error: the site font was not written');
  const pages = written
    .map((r) => r.outputPath)
    .filter((p): p is string => typeof p === 'string' && p.endsWith('.html'))
    .map((p) => path.relative(outDir, path.resolve(p)).split(path.sep).join('/'))
    .sort();
  // The maker's engine: only /maker/ loads it, so no other page's budget changes.
  const engine = options.maker === false ? undefined : await placeEngine(outDir);
  return { pages, font, ...(engine ? { engine } : {}) };
}
