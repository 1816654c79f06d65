// The render worker's entry, the file Tinypool loads in each worker thread (plain JavaScript, copied beside the
// compiled code). It runs the render code, render-task.cjs (src/kit/render-task.ts and what it imports, compiled into
// one CommonJS file by bin/runtime.js), through vm.Script with V8's code cache: the bytecode of every function a worker
// of an earlier build compiled, so that a worker neither parses the 5 MB file nor compiles the functions of its first
// renders again. Measured on one thread, Node 20 (issue 11): loading 0.16 → 0.10 s; the first 16 renders of an edit
// 0.61 → 0.57 s. A cache that V8 rejects (another Node, other V8 flags) is compiled as usual and written anew.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import vm from 'node:vm';
import { threadId } from 'node:worker_threads';
import { createHash } from 'node:crypto';

// V8 takes a code cache only under the flags it was made with. The render code turns on --expose-gc when it first
// frees memory (src/kit/gc.ts); turned on here, before anything is compiled, the flags are the same when a cache is
// made and when it is read.
setFlagsFromString('--expose-gc');

const file = fileURLToPath(new URL('./render-task.cjs', import.meta.url));
// One cache per V8 version, platform and set of V8 flags (bin/qmkit.js names those it sets in QMKIT_V8_FLAGS; tests
// run without them): each finds its own instead of replacing another's.
const flavour = createHash('sha256')
  .update([process.versions.v8, process.arch, process.execArgv.join(' '), process.env.QMKIT_V8_FLAGS ?? ''].join('\0'))
  .digest('hex')
  .slice(0, 16);
// Beside the compiled code (QMKIT_CODE_CACHE names another folder: the tests use their own).
const cacheFile = path.join(process.env.QMKIT_CODE_CACHE || path.join(path.dirname(file), 'code-cache'), `render-task-${flavour}.bin`);

let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // No cache yet: this worker compiles as usual, and may leave one (below).
}
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __qmkit_import_meta_url) {${readFileSync(file, 'utf8')}\n})`, {
  filename: file,
  ...(cachedData ? { cachedData } : {}),
});
const accepted = cachedData !== undefined && !script.cachedDataRejected;
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file), pathToFileURL(file).href);
const task = module.exports.default;

/**
 * When a worker leaves a cache: once it has rendered this many jobs, if there was none (or V8 rejected it); or, to keep
 * one that covers both kinds of work, once it has rendered print posters (their PDFs) and other images. A cold build's
 * lane 0 does both and refreshes the cache; an edit's few renders leave it as it is.
 */
const CACHE_AFTER = 16;
let renders = 0;
let prints = false;
let others = false;
let written = false;

function writeCache() {
  written = true;
  try {
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}-${threadId}.tmp`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFile);
  } catch {
    // A read-only install: the workers compile as before.
  }
}

export default async function renderWorker(input) {
  const result = await task(input);
  if (input && typeof input === 'object' && 'job' in input) {
    renders++;
    if (input.job.pdfPath) prints = true;
    else others = true;
    if (!written && renders >= CACHE_AFTER && (!accepted || (prints && others))) writeCache();
  }
  return result;
}
