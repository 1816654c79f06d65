import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The maker's engine (~37 MB) is placed into every site a process builds; the first placing checks the fonts, the
// later ones copy from the same cached sources. A process killed before its exit handlers ran (a test runner's
// worker, `kill -9`) once left a 37 MB folder of hard links in /tmp per process: 1,190 of them filled a CI disk.

const ROOT = path.resolve(__dirname, '../..');

/** Every file under `dir` with its SHA-256, by path relative to `dir`. */
function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const d of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) walk(r);
      else out[r] = createHash('sha256').update(readFileSync(path.join(dir, r))).digest('hex');
    }
  };
  walk('');
  return out;
}

describe('placeEngine', () => {
  it('places the same engine into each site of a process and leaves nothing in the temp folder, even when the process is killed', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'qmkit-engine-place-'));
    const temp = mkdtempSync(path.join(work, 'tmp-'));
    const script = path.join(work, 'place.mts');
    writeFileSync(
      script,
      `import { placeEngine } from ${JSON.stringify(path.join(ROOT, 'src/site/maker.ts'))};
await placeEngine(${JSON.stringify(path.join(work, 'a'))});
await placeEngine(${JSON.stringify(path.join(work, 'b'))});
process.kill(process.pid, 'SIGKILL');
`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: { ...process.env, TMPDIR: temp }, encoding: 'utf8' });
    expect(run.signal, run.stderr).toBe('SIGKILL');
    // (tsx, which runs the script, keeps its own compile cache there.)
    expect(readdirSync(temp).filter((name) => !name.startsWith('tsx-'))).toEqual([]);
    const a = hashes(path.join(work, 'a/maker/engine'));
    expect(Object.keys(a)).toEqual(expect.arrayContaining(['engine.json', 'render-worker.js', 'resvg.wasm', 'yoga.wasm', 'fonts/index.json']));
    expect(Object.keys(a).filter((f) => f.startsWith('fonts/s')).length).toBeGreaterThan(50);
    expect(hashes(path.join(work, 'b/maker/engine'))).toEqual(a);
    // Copies, not links to one another or into the cache: a site edited in place changes nothing else.
    expect(statSync(path.join(work, 'b/maker/engine/resvg.wasm')).nlink).toBe(1);
  }, 120_000);
});
