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

// resvg-js allocates through its own mimalloc, which by default gives freed memory back to the system after 10 ms:
// every render's pixmap (8 MB for a 1920×1080 screen) then came from fresh pages, ~5,000 page faults per poster. Kept
// for a second, a worker's next render reuses them (the render task frees each render's pixmaps before the next).
// Read by mimalloc when resvg loads, in any thread: it must be set before that. A user's own setting wins.
process.env.MIMALLOC_PURGE_DELAY ??= '1000';
const v8Major = Number(process.versions.v8.split('.')[0]);
if (v8Major === 11) setFlagsFromString('--interrupt-budget=1000000');
else if (v8Major >= 12) setFlagsFromString('--invocation-count-for-turbofan=30000');

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
