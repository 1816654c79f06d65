import { createHash } from 'node:crypto';
import { constants, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectPath } from '../paths.ts';
import { fontSlices } from './font-slices.ts';

// Writes the maker's engine into a site (issue 12): maker/engine/render-worker.js (src/browser/render-worker.ts and
// the engine it imports, bundled by esbuild), satori's yoga WASM, resvg's WASM and the font slices with their index.
// Only /maker/ loads these files. The bundle and the slices are cached in node_modules/.cache and copied from there.

const require = createRequire(import.meta.url);
// projectPath, not import.meta.url: this module also runs compiled, from dist/<hash>/chunks/ (bin/runtime.js).
const SRC_DIR = projectPath('src/');
const CACHE_DIR = projectPath('node_modules/.cache/qmkit-maker/');

/** Folder of the engine inside the site, and the file names in it (the page reads engine.json). */
export const ENGINE_DIR = 'maker/engine';

export interface EngineFiles {
  /** Relative to ENGINE_DIR. */
  readonly worker: string;
  readonly yogaWasm: string;
  readonly resvgWasm: string;
  readonly fontsIndex: string;
  /** Byte sizes, for the maker's transfer report. */
  readonly bytes: { readonly worker: number; readonly yogaWasm: number; readonly resvgWasm: number; readonly fonts: number; readonly fontSlices: number };
}

function srcHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(ts|mjs)$/.test(name)) hash.update(`${path.relative(SRC_DIR, file)}\0`).update(readFileSync(file));
    }
  };
  // What the worker bundles: the engine, the campaign model and the browser glue (not the CLI, kit or site code).
  for (const dir of ['render', 'audit', 'browser', 'campaign']) walk(path.join(SRC_DIR, dir));
  for (const name of readdirSync(SRC_DIR).sort()) if (name.endsWith('.ts')) hash.update(`${name}\0`).update(readFileSync(path.join(SRC_DIR, name)));
  for (const pkg of ['satori', '@resvg/resvg-wasm', 'fontkit', 'pako', 'fast-png', 'gifenc', 'jsqr', '@zxing/library', 'esbuild']) hash.update(readFileSync(packageJson(pkg)));
  return hash.digest('hex').slice(0, 16);
}

/** A package's package.json (found from its entry: not every package exports it). */
function packageJson(name: string): string {
  let dir = path.dirname(require.resolve(name));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'package.json');
}

/** The worker bundle, built once per source version. */
async function workerBundle(): Promise<string> {
  const file = path.join(CACHE_DIR, `render-worker-${srcHash()}.js`);
  if (existsSync(file)) return file;
  const { build } = await import('esbuild');
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await build({
    entryPoints: [path.join(SRC_DIR, 'browser', 'render-worker.ts')],
    outfile: tmp,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    // The engine imports satori's default entry (yoga inlined as base64); the browser loads yoga's WASM as a file.
    plugins: [
      {
        name: 'satori-standalone',
        setup(b) {
          b.onResolve({ filter: /^satori$/ }, (args) => b.resolve('satori/standalone', { kind: args.kind, resolveDir: args.resolveDir }));
        },
      },
    ],
    logLevel: 'silent',
  });
  renameSync(tmp, file);
  return file;
}

/** Copies a cached file into the output (a reflink where the file system can; never a hard link into the cache). */
export function placeCopy(from: string, to: string): void {
  rmSync(to, { force: true });
  copyFileSync(from, to, constants.COPYFILE_FICLONE);
}

/**
 * Writes maker/engine/ into the site folder `outDir`. Each file is a copy of a cached or installed file; `put` may
 * place it another way (from, its path under ENGINE_DIR, the full target path), e.g. taken from a previous output.
 */
export async function writeMakerEngine(outDir: string, put: (from: string, rel: string, to: string) => void = (from, _, to) => placeCopy(from, to)): Promise<EngineFiles> {
  const dir = path.join(outDir, ENGINE_DIR);
  const fontsDir = path.join(dir, 'fonts');
  mkdirSync(fontsDir, { recursive: true });
  const [worker, slices] = await Promise.all([workerBundle(), fontSlices()]);
  const add = (from: string, rel: string) => put(from, rel, path.join(dir, rel));
  add(worker, 'render-worker.js');
  add(require.resolve('satori/layout.wasm'), 'yoga.wasm');
  add(require.resolve('@resvg/resvg-wasm/index_bg.wasm'), 'resvg.wasm');
  add(path.join(slices.dir, 'index.json'), 'fonts/index.json');
  for (const s of slices.index.slices) add(path.join(slices.dir, s.file), `fonts/${s.file}`);
  const size = (f: string) => statSync(path.join(dir, f)).size;
  const files: EngineFiles = {
    worker: 'render-worker.js',
    yogaWasm: 'yoga.wasm',
    resvgWasm: 'resvg.wasm',
    fontsIndex: 'fonts/index.json',
    bytes: {
      worker: size('render-worker.js'),
      yogaWasm: size('yoga.wasm'),
      resvgWasm: size('resvg.wasm'),
      fonts: slices.index.slices.reduce((n, s) => n + s.bytes, 0),
      fontSlices: slices.index.slices.length,
    },
  };
  writeEngineJson(outDir, files);
  return files;
}

/** Writes maker/engine/engine.json, which the maker page reads, into the site folder `outDir`. */
export function writeEngineJson(outDir: string, files: EngineFiles): void {
  writeFileSync(path.join(outDir, ENGINE_DIR, 'engine.json'), JSON.stringify(files, null, 2));
}
