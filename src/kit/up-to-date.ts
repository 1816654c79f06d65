import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { projectPath } from '../paths.ts';

// The no-op fast path of `qmkit build` (issue 11): when nothing the output is made from has changed since the last
// build into the same folder, and the folder is exactly as that build left it, there is nothing to do. This module
// loads nothing but Node itself, so such a build answers before the model, the planner or any renderer is loaded.
//
// What the output is made from: every file of the data folder, the build's options, qmkit's own source and
// templates, the locked library versions (fonts, satori, resvg, Eleventy) and SOURCE_DATE_EPOCH (ZIP dates).
// "Exactly as left": every file's path, size and modification time. The record lives in the cache folder, never in
// the output; `--no-cache` never takes this path.

const INPUTS = ['src/', 'templates/', 'package-lock.json', 'package.json', '.eleventy.js'];

function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}

/** A hash of everything a build's output is made from. */
export function buildInputsKey(dataDir: string, options: Readonly<Record<string, unknown>>): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ options, epoch: process.env.SOURCE_DATE_EPOCH ?? null }));
  const add = (root: string, file: string) => hash.update(`\0${path.relative(root, file)}\0`).update(readFileSync(file));
  for (const input of INPUTS) {
    const full = projectPath(input);
    if (input.endsWith('/')) for (const f of filesUnder(full)) add(full, f);
    else add(projectPath(''), full);
  }
  for (const f of filesUnder(dataDir)) add(dataDir, f);
  return hash.digest('hex');
}

type Listing = [string, number, number][];

function listing(outDir: string): Listing {
  return filesUnder(outDir).map((f) => {
    const st = statSync(f);
    return [path.relative(outDir, f), st.size, st.mtimeMs];
  });
}

const recordFile = (cacheDir: string, outDir: string) =>
  path.join(cacheDir, 'builds', `${createHash('sha256').update(path.resolve(outDir)).digest('hex').slice(0, 32)}.json`);

/** The last build's summary line facts when outDir is up to date for these inputs, or undefined. */
export function upToDate(cacheDir: string, outDir: string, key: string): { files: number } | undefined {
  try {
    const record = JSON.parse(readFileSync(recordFile(cacheDir, outDir), 'utf8')) as { key: string; files: Listing };
    if (record.key !== key) return undefined;
    const now = listing(outDir);
    if (JSON.stringify(now) !== JSON.stringify(record.files)) return undefined;
    return { files: now.length };
  } catch {
    return undefined;
  }
}

/** Records that outDir, as it is now, is the output of these inputs. */
export function recordBuild(cacheDir: string, outDir: string, key: string): void {
  const file = recordFile(cacheDir, outDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ key, files: listing(outDir) }));
  renameSync(tmp, file);
}
