import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectPath } from '../paths.ts';
import type { Campaign } from '../campaign/model.ts';
import { ENGINE_DIR, placeCopy, writeEngineJson, writeMakerEngine, type EngineFiles } from '../maker/build-engine.ts';

// The poster maker's files in the site (issue 12): the page script bundled with esbuild (only /maker/ loads it),
// its stylesheet and service worker (templates), and the shipped campaigns for its base picker, written by the
// site build from the validated model.

/** Where the maker's files go, relative to the output folder. */
export const MAKER_DIR = 'maker';
export const MAKER_SCRIPT = `${MAKER_DIR}/maker.js`;
export const MAKER_CAMPAIGNS = `${MAKER_DIR}/campaigns.json`;
/** The render engine's files (written by the engine half of issue 12): its Web Worker, font slice index and WASM. */
export const MAKER_ENGINE = {
  worker: `${MAKER_DIR}/engine/render-worker.js`,
  fonts: `${MAKER_DIR}/engine/fonts/index.json`,
  yogaWasm: `${MAKER_DIR}/engine/yoga.wasm`,
  resvgWasm: `${MAKER_DIR}/engine/resvg.wasm`,
} as const;

// projectPath, not import.meta.url: this module also runs compiled, from dist/<hash>/chunks/ (bin/runtime.js).
const SRC_DIR = projectPath('src/');
const ENTRY = path.join(SRC_DIR, 'maker', 'page.ts');
const CACHE_DIR = projectPath('node_modules/.cache/qmkit-maker/');

/** What the templates need: the engine's URL and the files the service worker keeps from the first visit. */
export function makerGlobals(version = sourceHash()): { engine: typeof MAKER_ENGINE; precache: string[]; version: string } {
  // Relative to maker/sw.js. The engine's worker, index and WASM are kept from the first visit; the font slices as
  // they are fetched.
  const engine = Object.values(MAKER_ENGINE).map((p) => p.slice(MAKER_DIR.length + 1));
  // The service worker's cache is named after the source of the page and the engine (and so of their files).
  return { engine: MAKER_ENGINE, version, precache: ['./', 'maker.js', 'maker.css', 'campaigns.json', ...engine, '../static/site.css', '../static/favicon.svg'] };
}

/** A hash of every TypeScript source under src/ (the page script is made from src/maker/page.ts and what it imports). */
function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (d.name.endsWith('.ts')) hash.update(`${path.relative(SRC_DIR, p)}\0${readFileSync(p, 'utf8')}\0`);
    }
  };
  walk(SRC_DIR);
  return hash.digest('hex').slice(0, 16);
}

/** The page script: src/maker/page.ts and what it imports, one minified ES module for the browser (cached by source hash). */
export async function makerScript(version = sourceHash()): Promise<Uint8Array> {
  const file = path.join(CACHE_DIR, `maker-${version}.js`);
  if (existsSync(file)) return readFileSync(file);
  const { build } = await import('esbuild');
  const shims = path.join(SRC_DIR, 'maker', 'shims');
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    alias: { 'node:path': path.join(shims, 'path.ts'), 'node:fs': path.join(shims, 'fs.ts') },
    define: { 'process.env.DEBUG': 'undefined' },
    plugins: [
      {
        // zod's `z.locales` namespace (every translation, ~150 KB) is never used: its English messages are
        // imported separately, and every message a person reads here is our own Chinese (campaign/messages.ts).
        name: 'no-zod-locales',
        setup(b) {
          b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (/zod[\\/]v4[\\/](?:classic|core)[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'empty' } : undefined));
          b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};', loader: 'js' }));
        },
      },
    ],
  });
  const bytes = result.outputFiles[0]!.contents;
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
  return bytes;
}

/** The base picker's data: the site's baseUrl and every shipped campaign (newest first, as the model holds them). */
export function makerCampaigns(campaigns: readonly Campaign[], baseUrl: string | undefined): string {
  return `${JSON.stringify({ site: baseUrl ? { baseUrl } : {}, campaigns })}\n`;
}

/** Writes the maker's generated files into the output folder. */
export async function writeMakerFiles(outDir: string, campaigns: readonly Campaign[], baseUrl: string | undefined, version = sourceHash()): Promise<void> {
  mkdirSync(path.join(outDir, MAKER_DIR), { recursive: true });
  writeFileSync(path.join(outDir, MAKER_SCRIPT), await makerScript(version));
  writeFileSync(path.join(outDir, MAKER_CAMPAIGNS), makerCampaigns(campaigns, baseUrl));
}

/**
 * The engine written first in this process: each file's cached or installed source and its place under ENGINE_DIR,
 * and what engine.json says. Later sites copy from the same sources instead of checking the fonts again. Nothing is
 * kept on disk for it: a process killed before its exit handlers ran (a test runner's worker, a build stopped with
 * kill -9) must leave nothing behind.
 */
let firstEngine: { sources: { from: string; rel: string }[]; files: EngineFiles } | undefined;

/**
 * Takes a file of the output being replaced instead of copying it (the kit's carry.ts): `take(rel, origin)` links it
 * and returns a defined value when that output has it from the same origin, unchanged; `origins` collects each
 * file's origin for the next build.
 */
export interface EngineCarry {
  take(rel: string, origin: string): string | undefined;
  readonly origins: Map<string, { readonly origin: string; readonly sha256: string }>;
}

/**
 * Writes maker/engine/ (writeMakerEngine re-reads and hashes ~30 MB of fonts; once per process is enough). With
 * `carry`, each file is taken from the previous output where it can (~37 MB): a file's origin is its cached source
 * as it is on disk (path, size, modification time).
 */
export async function placeEngine(outDir: string, carry?: EngineCarry): Promise<EngineFiles> {
  const put = (from: string, rel: string, target: string) => {
    if (!carry) return placeCopy(from, target);
    const st = statSync(from);
    const origin = `engine\0${from}\0${st.size}\0${st.mtimeMs}`;
    const file = `${ENGINE_DIR}/${rel}`;
    if (carry.take(file, origin) === undefined) placeCopy(from, target);
    carry.origins.set(file, { origin, sha256: '' });
  };
  const to = path.join(outDir, ENGINE_DIR);
  if (firstEngine && firstEngine.sources.every((s) => existsSync(s.from))) {
    for (const s of firstEngine.sources) {
      mkdirSync(path.dirname(path.join(to, s.rel)), { recursive: true });
      put(s.from, s.rel, path.join(to, s.rel));
    }
    writeEngineJson(outDir, firstEngine.files);
    return firstEngine.files;
  }
  const sources: { from: string; rel: string }[] = [];
  const files = await writeMakerEngine(outDir, (from, rel, target) => {
    sources.push({ from, rel });
    put(from, rel, target);
  });
  firstEngine = { sources, files };
  return files;
}
