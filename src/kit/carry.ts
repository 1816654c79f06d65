import { linkSync, lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from './hash.ts';

// Files a build takes over from the output it replaces, as hard links, instead of writing them again from the cache:
// a one-slogan edit of the 2022 kit keeps ~500 of its ~520 image files, which cost the main thread ~0.3 s to read
// from the cache, write and hash while the render workers needed both cores, and the maker's engine (~37 MB copied
// from node_modules/.cache, site/maker.ts). A file is taken only when the last build into this folder made it from
// the same origin (a cache entry's key and file name, or the engine file's source as it was on disk) and it is still exactly as
// that build left it (size and modification time, as the no-op check reads them); then its SHA-256 is the one the
// last build recorded. The staged folder is beside the output, on the same file system; where a link cannot be made,
// the file is written as before. The old output stays intact until the swap, and after it only its names are
// removed: a failed build leaves it as it was. Nothing ever writes into a taken file (writeUnder replaces a path, it
// never writes through it).

/** A file of an output: its size and modification time when recorded, where it came from, and its SHA-256. */
type Entry = [size: number, mtimeMs: number, origin: string, sha256: string];

const recordFile = (cacheDir: string, outDir: string) => path.join(cacheDir, 'carry', `${sha256(path.resolve(outDir)).slice(0, 32)}.json`);

/** What this build made from what: output path → origin and SHA-256 (recorded once the output is in place). */
export type Origins = Map<string, { readonly origin: string; readonly sha256: string }>;

/**
 * The previous output's files that may be taken into `dir` (the staged folder): `take(rel, origin)` links outDir/rel
 * to dir/rel and returns its SHA-256, or returns undefined (nothing recorded, another origin, changed since, or no
 * link possible) and the caller writes the file.
 */
export function carryFrom(cacheDir: string | false, outDir: string, dir: string): (rel: string, origin: string) => string | undefined {
  let files: Record<string, Entry> | undefined;
  try {
    files = cacheDir ? (JSON.parse(readFileSync(recordFile(cacheDir, outDir), 'utf8')) as { files: Record<string, Entry> }).files : undefined;
  } catch {
    files = undefined;
  }
  if (!files) return () => undefined;
  const made = new Set<string>();
  return (rel, origin) => {
    const entry = Object.hasOwn(files, rel) ? files[rel] : undefined;
    if (!entry || entry[2] !== origin) return undefined;
    const from = path.join(outDir, rel);
    try {
      const st = lstatSync(from);
      if (!st.isFile() || st.size !== entry[0] || st.mtimeMs !== entry[1]) return undefined;
      const to = path.join(dir, rel);
      const parent = path.dirname(to);
      if (!made.has(parent)) {
        mkdirSync(parent, { recursive: true });
        made.add(parent);
      }
      linkSync(from, to);
      return entry[3];
    } catch {
      return undefined;
    }
  };
}

/** Records the origins of the files now in outDir (after the swap), for the next build's carryFrom. */
export function recordOrigins(cacheDir: string, outDir: string, origins: Origins): void {
  const files: Record<string, Entry> = {};
  for (const [rel, { origin, sha256: hash }] of origins) {
    try {
      const st = lstatSync(path.join(outDir, rel));
      if (st.isFile()) files[rel] = [st.size, st.mtimeMs, origin, hash];
    } catch {
      // Not there after all: not recorded, so never taken.
    }
  }
  const file = recordFile(cacheDir, outDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ files }));
  renameSync(tmp, file);
}
