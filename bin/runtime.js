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
import { builtinModules } from 'node:module';
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
  'eleventy-site': 'src/site/eleventy-entry.ts',
};
/** The render workers' code, compiled on its own into one CommonJS file, render-task.cjs (see ensureCompiled). */
const RENDER_TASK = 'src/kit/render-task.ts';
/**
 * npm packages compiled into the code (with everything they import) rather than loaded from node_modules at run
 * time: pure JavaScript without files of their own. Each render worker loads them anew, and Node resolving,
 * reading and lexing a few hundred CommonJS files cost ~0.35 s per thread; one bundled file loads in about half the
 * time (issue 11). Every other package stays an import: native code (resvg-js), packages that read their own data
 * files or spawn workers from their folder (pdfkit, subset-font, tinypool, Eleventy), and the build tools.
 */
const BUNDLED = new Set(['@zxing/library', 'budoux', 'cli-progress', 'fast-png', 'fflate', 'fontkit', 'gifenc', 'jsqr', 'node-html-parser', 'pako', 'qrcode', 'satori', 'yaml', 'zod']);
/**
 * Imported by a bundled package for a feature qmkit never calls, compiled to a stub: budoux's HTML processor, and
 * fontkit's WOFF2 decoder (qmkit's fonts are TrueType files; the decoder's 0.8 MB, with a dictionary unpacked at
 * load, cost every render worker ~20 ms to start).
 */
const STUBBED = new Set(['linkedom', 'brotli']);

/**
 * Bundled packages whose own code is replaced by Node's: tiny-inflate (pure-JavaScript raw inflate) with node:zlib.
 * unicode-properties (fontkit's) and linebreak (satori's) inflate their Unicode tables twice each when they load, in
 * every render worker: ~20 ms of JavaScript per worker, ~1 ms natively, to the same bytes. The browser's bundle
 * (src/maker/build-engine.ts) keeps tiny-inflate.
 */
const NATIVE = {
  'tiny-inflate':
    "const { inflateRawSync } = require('node:zlib');\n" +
    '// tiny-inflate(source, dest): raw DEFLATE into dest, returning the part of dest written.\n' +
    'module.exports = function inflate(source, dest) { const out = inflateRawSync(source); const n = Math.min(out.length, dest.length); dest.set(out.subarray(0, n)); return dest.subarray(0, n); };\n',
};

/**
 * Bundled packages imported through an entry of qmkit's own that loads only what qmkit uses, each export read from its
 * module when first used: @zxing/library's index loads every barcode format (1.2 MB, ~11 ms in every render worker);
 * the audit reads QR codes only (src/audit/qr-decode.ts). An export not listed here is undefined: add it.
 */
const PICKED = {
  '@zxing/library': {
    QRCodeReader: '@zxing/library/cjs/core/qrcode/QRCodeReader',
    BinaryBitmap: '@zxing/library/cjs/core/BinaryBitmap',
    HybridBinarizer: '@zxing/library/cjs/core/common/HybridBinarizer',
    RGBLuminanceSource: '@zxing/library/cjs/core/RGBLuminanceSource',
    DecodeHintType: '@zxing/library/cjs/core/DecodeHintType',
  },
};

/** The package name of a bare import (`@scope/name/sub` → `@scope/name`). */
const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

/** esbuild plugin: bundles BUNDLED packages and what they import, stubs STUBBED ones, leaves the rest as imports. */
const dependencies = {
  name: 'qmkit-dependencies',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || path.isAbsolute(args.path)) return { external: true };
      const name = packageOf(args.path);
      if (STUBBED.has(name)) return { path: name, namespace: 'qmkit-stub' };
      if (Object.hasOwn(NATIVE, args.path)) return { path: args.path, namespace: 'qmkit-native' };
      if (Object.hasOwn(PICKED, args.path)) return { path: args.path, namespace: 'qmkit-picked' };
      const fromPackage = args.importer.includes(`${path.sep}node_modules${path.sep}`);
      return BUNDLED.has(name) || (fromPackage && !builtinModules.includes(name)) ? undefined : { external: true };
    });
    b.onLoad({ filter: /.*/, namespace: 'qmkit-native' }, (args) => ({ contents: NATIVE[args.path], loader: 'js' }));
    b.onLoad({ filter: /.*/, namespace: 'qmkit-picked' }, (args) => ({
      contents: `module.exports = {\n${Object.entries(PICKED[args.path])
        .map(([name, module]) => `  get ${name}() { return require(${JSON.stringify(module)}).default; },`)
        .join('\n')}\n};\n`,
      loader: 'js',
      resolveDir: ROOT,
    }));
    b.onLoad({ filter: /.*/, namespace: 'qmkit-stub' }, (args) => ({
      contents: `module.exports = new Proxy({}, { get(_, key) { throw new Error('qmkit: ${args.path}.' + String(key) + ' is not bundled'); } });`,
      loader: 'js',
    }));
  },
};

/** Plain files copied beside the compiled code (loaded by URL relative to the module that uses them). */
const COPIED = ['src/render/subset-worker.mjs', 'src/render/subset-font.mjs', 'src/maker/slice-worker.mjs', 'src/kit/render-worker.mjs'];

function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath ?? d.path, d.name))
    .sort();
}

/**
 * A hash of everything the compiled code is made from: every file under src/, this file and the lockfile (the
 * bundled packages' versions, esbuild's among them).
 */
export function sourceHash() {
  const hash = createHash('sha256');
  for (const file of [...listFiles(SRC), fileURLToPath(import.meta.url), path.join(ROOT, 'package-lock.json')].filter(existsSync)) {
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
      plugins: [dependencies],
      // Bundled CommonJS packages require Node's built-in modules: give them a require of their own.
      banner: { js: "import { createRequire as __qmkitCreateRequire } from 'node:module'; const require = __qmkitCreateRequire(import.meta.url);" },
      chunkNames: 'chunks/[name]-[hash]',
      logLevel: 'silent',
      sourcemap: 'linked',
    });
    // The render workers' code, as one CommonJS file (render-task.cjs): src/kit/render-worker.mjs runs it
    // through vm.Script, which keeps V8's code cache between builds (ES modules cannot be given one on Node 20).
    // import.meta.url becomes the file's URL, which render-worker.mjs passes in.
    await build({
      entryPoints: { 'render-task': path.join(ROOT, RENDER_TASK) },
      outdir: tmp,
      outExtension: { '.js': '.cjs' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      plugins: [dependencies],
      define: { 'import.meta.url': '__qmkit_import_meta_url' },
      logLevel: 'silent',
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
