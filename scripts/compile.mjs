// `npm install`/`npm ci` run this (the `prepare` script): compiles src/ into dist/<hash>/ with esbuild, so that
// bin/qmkit.js and the render workers run plain JavaScript. bin/runtime.js does the work and also recompiles at
// start-up whenever the sources changed since.
import { ensureCompiled, ROOT } from '../bin/runtime.js';
import path from 'node:path';

const started = performance.now();
const dir = await ensureCompiled();
console.log(`qmkit: compiled src/ into ${path.relative(ROOT, dir)} (${Math.round(performance.now() - started)} ms)`);
