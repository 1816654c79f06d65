import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FONT_FILE, collectDisplayChars, subsetDisplayFont, type FontCache } from './font.ts';
import { prefixedUrl, relativeUrl } from './format.ts';
import type { SiteView } from './view-model.ts';
import type { Campaign } from '../campaign/model.ts';
import { makerGlobals, writeMakerFiles } from './maker.ts';

// The site's Eleventy plugin: the model as global data, the link filter, a CSP for every page, and the webfont.
// Shared by buildSite() and the top-level .eleventy.js, so `npx @11ty/eleventy` builds the same site.

/** The few Eleventy config methods this plugin uses (Eleventy ships no TypeScript types). */
export interface EleventyConfigLike {
  addGlobalData(name: string, value: unknown): unknown;
  addFilter(name: string, fn: (this: { page?: { url?: string } }, ...args: never[]) => unknown): unknown;
  addTransform(name: string, fn: (this: { page?: { outputPath?: string | false } }, content: string) => string): unknown;
  setNunjucksEnvironmentOptions(options: Record<string, unknown>): unknown;
  on(event: 'eleventy.after', fn: (arg: EleventyAfter) => unknown): unknown;
}

interface EleventyAfter {
  outputMode: string;
  directories: { output: string };
  results: readonly { outputPath: string | false; content: string; url: string | false }[];
}

export interface SitePluginOptions {
  view: SiteView;
  /** Called with the font's size in bytes and its character count, once it is written. */
  onFont?: (font: { file: string; bytes: number; chars: number }) => void;
  /** Display fonts made by earlier builds (the build's cache); without it the font is always made anew. */
  fontCache?: FontCache;
  /** The poster maker's base picker data (the validated campaigns and the site's baseUrl); its files are written when given. */
  maker?: { campaigns: readonly Campaign[]; baseUrl: string | undefined };
}

/** The 404 page is served at any depth, so its links are root-relative under the prefix; every other link is relative. */
const NOT_FOUND_URL = '/404.html';
const CSP_MARKER = 'content="qm-csp"';
/** The site icon (templates/favicon.njk writes it). */
export const ICON_FILE = 'static/favicon.svg';

/** The maker page (marked with this attribute) also runs WebAssembly and shows its previews from blob: URLs. */
const MAKER_MARKER = 'data-qm-maker';

export function cspFor(html: string): string {
  const maker = html.includes(MAKER_MARKER);
  const hashes = (tag: 'script' | 'style') =>
    [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))]
      .map((m) => `'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`)
      .join(' ');
  const scripts = hashes('script');
  const styles = hashes('style');
  return [
    "default-src 'self'",
    `script-src 'self'${maker ? " 'wasm-unsafe-eval'" : ''}${scripts ? ` ${scripts}` : ''}`,
    `style-src 'self'${styles ? ` ${styles}` : ''}`,
    `img-src 'self' data:${maker ? ' blob:' : ''}`,
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export default function sitePlugin(eleventyConfig: EleventyConfigLike, options: SitePluginOptions): void {
  const { view } = options;
  eleventyConfig.setNunjucksEnvironmentOptions({ autoescape: true, throwOnUndefined: true, trimBlocks: true, lstripBlocks: true });
  eleventyConfig.addGlobalData('qm', view);
  eleventyConfig.addGlobalData('qmFont', FONT_FILE);
  eleventyConfig.addGlobalData('qmIcon', ICON_FILE);
  // The source hash names the maker's script and its service worker's cache: read once a site build.
  const maker = makerGlobals();
  eleventyConfig.addGlobalData('qmMaker', { ...maker, precache: [...maker.precache, `../${FONT_FILE}`] });

  // `{{ y.path | u }}`: a link from this page to a site-relative path.
  eleventyConfig.addFilter('u', function (this: { page?: { url?: string } }, target: string) {
    const from = this.page?.url;
    if (typeof from !== 'string') throw new Error(`Internal error: the u filter needs page.url (target "${target}")`);
    return from === NOT_FOUND_URL ? prefixedUrl(view.pathPrefix, target) : relativeUrl(from, target);
  });

  // A Content-Security-Policy that allows exactly this page's own inline blocks: defence in depth behind autoescape.
  eleventyConfig.addTransform('qm-csp', function (this: { page?: { outputPath?: string | false } }, content: string) {
    const out = this.page?.outputPath;
    if (typeof out !== 'string' || !out.endsWith('.html') || !content.includes(CSP_MARKER)) return content;
    return content.replace(CSP_MARKER, `content="${cspFor(content)}"`);
  });

  eleventyConfig.on('eleventy.after', async ({ outputMode, directories, results }) => {
    if (outputMode !== 'fs') return;
    const pages = results.filter((r) => typeof r.outputPath === 'string' && r.outputPath.endsWith('.html')).map((r) => r.content);
    const chars = collectDisplayChars(pages);
    const font = await subsetDisplayFont(chars, options.fontCache);
    const file = path.join(directories.output, FONT_FILE);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, font);
    options.onFont?.({ file: FONT_FILE, bytes: font.length, chars: chars.length });
    if (options.maker) await writeMakerFiles(directories.output, options.maker.campaigns, options.maker.baseUrl, maker.version);
  });
}
