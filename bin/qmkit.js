#!/usr/bin/env node
// Thin launcher: runs the compiled CLI (dist/<hash>/cli.js, made by `npm install`, or here when src/ changed).

// Output into a closed pipe (`qmkit profiles | head -3`) is not an error: stop writing and finish quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

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
