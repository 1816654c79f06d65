// The compiled runtime (issue 11): qmkit runs plain JavaScript that esbuild makes from src/, never TypeScript
// through a loader. `npm install`/`npm ci` compile it (the `prepare` script, scripts/compile.mjs); every start
// checks that it was made from the sources as they are now and rebuilds it when they changed, so a checkout, an
// edit or a test never runs stale code.
//
// The compiled code lives in dist/<hash>/, named by a hash of src/ and of this file: writers never overwrite each
// other (a build goes to a temporary folder and is renamed into place), and readers never see a half-written one.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SRC = path.join(ROOT, 'src');
export const DIST = path.join(ROOT, 'dist');

/**
 * What is compiled: each entry becomes dist/<hash>/<name>.js; code shared between them goes to chunks, and dynamic
 * imports stay lazy (chunks of their own), so `qmkit check` never loads satori or Eleventy. Add an entry here to
 * compile another program (a browser bundle wants its own esbuild call: see compile()).
 */
export const ENTRIES = {
  cli: 'src/cli.ts',
  'render-task': 'src/kit/render-task.ts',
  'eleventy-site': 'src/site/eleventy-entry.ts',
};
/** Plain files copied beside the compiled code (loaded by URL relative to the module that uses them). */
const COPIED = ['src/render/subset-worker.mjs'];

function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath ?? d.path, d.name))
    .sort();
}

/** A hash of everything the compiled code is made from: every file under src/, this file and esbuild's version. */
export function sourceHash() {
  const hash = createHash('sha256');
  for (const file of [...listFiles(SRC), fileURLToPath(import.meta.url)]) {
    hash.update(path.relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Compiles src/ into dist/<hash>/ unless it is there already; returns that folder. */
export async function ensureCompiled(hash = sourceHash()) {
  const dir = path.join(DIST, hash);
  if (existsSync(path.join(dir, 'done'))) return dir;
  const { build } = await import('esbuild');
  mkdirSync(DIST, { recursive: true });
  const tmp = path.join(DIST, `.tmp-${hash}-${process.pid}-${Date.now()}`);
  try {
    await build({
      entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, path.join(ROOT, file)])),
      outdir: tmp,
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // npm packages stay imports, resolved from the project's node_modules as before.
      packages: 'external',
      chunkNames: 'chunks/[name]-[hash]',
      logLevel: 'silent',
      sourcemap: 'linked',
    });
    // Beside the entries and beside the chunks: the module that loads one may end up in either.
    for (const file of COPIED) for (const dir of [tmp, path.join(tmp, 'chunks')]) copyFileSync(path.join(ROOT, file), path.join(dir, path.basename(file)));
    writeFileSync(path.join(tmp, 'done'), `${hash}\n`);
    try {
      renameSync(tmp, dir);
    } catch (error) {
      // Another process compiled the same sources first: theirs is identical.
      if (!existsSync(path.join(dir, 'done'))) throw error;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  prune(hash);
  return dir;
}

/** Removes compiled folders of older sources, keeping the few newest (another worktree state may still use one). */
function prune(keep, max = 3) {
  try {
    const dirs = readdirSync(DIST)
      .filter((d) => /^[0-9a-f]{16}$/.test(d) && d !== keep)
      .map((d) => ({ d, t: statSync(path.join(DIST, d)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const { d } of dirs.slice(max - 1)) rmSync(path.join(DIST, d), { recursive: true, force: true });
  } catch {
    // Pruning is housekeeping: never fail a command over it.
  }
}

/** The compiled module of one entry, made fresh when the sources changed. */
export async function loadEntry(name) {
  const dir = await ensureCompiled();
  return import(pathToFileURL(path.join(dir, `${name}.js`)).href);
}

/** What .eleventy.js needs: the model loader, the built output's reader, the view and the site plugin. */
export const loadSiteModules = () => loadEntry('eleventy-site');
