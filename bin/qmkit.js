#!/usr/bin/env node
// Thin launcher: runs the compiled CLI (dist/<hash>/cli.js, made by `npm install`, or here when src/ changed).

// Output into a closed pipe (`qmkit profiles | head -3`) is not an error: stop writing and finish quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

// V8 tiering for a short batch process. By default V8 sends every warm function of satori, the QR decoders and the
// PNG code to its optimizing compiler within the first few renders, in each worker thread again; those compiles (and
// the deopts that follow) cost more CPU than they save in a build of a few hundred images. A higher threshold
// optimizes only what stays hot. Measured with 48 images on 2 cores (issue 11): user CPU −20 % on Node 20,
// −20 % on Node 24, −6 % on Node 22. V8 flags are process-wide, so the worker threads get them too.
const { setFlagsFromString } = await import('node:v8');

const v8Flags = [];
const v8Major = Number(process.versions.v8.split('.')[0]);
if (v8Major === 11) v8Flags.push('--interrupt-budget=1000000');
else if (v8Major >= 12) v8Flags.push('--invocation-count-for-turbofan=30000');
// The same for WebAssembly (satori's yoga layout in every render worker, HarfBuzz in the font subsetter): V8 re-compiles
// its hot functions with TurboFan on background threads, which on two cores took CPU from the renders (~0.7 s of a
// 48-image build) for code that runs a few seconds at most. And the optimizing compiles that remain run on the thread
// that asked for them, not on a background thread beside two busy render workers. 48 images on 2 cores, alternating
// runs: 4.22 s → 3.74 s (Node 20), 4.52 s → 4.13 s (Node 22); the 2022 kit no slower.
v8Flags.push('--wasm-tiering-budget=180000000', '--no-concurrent-recompilation');
for (const flag of v8Flags) setFlagsFromString(flag);
// The render workers keep V8's code cache per set of flags (src/kit/render-worker.mjs): they read these.
process.env.QMKIT_V8_FLAGS = v8Flags.join(' ');

if (process.argv[2] === '--version' || process.argv[2] === '-v') {
  // Answered before anything is compiled or loaded: the cheapest possible start.
  const { readFileSync } = await import('node:fs');
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  console.log(`qmkit ${version}`);
} else {
  const { loadEntry } = await import('./runtime.js');
  const { main } = await loadEntry('cli');
  process.exitCode = await main(process.argv.slice(2));
}
