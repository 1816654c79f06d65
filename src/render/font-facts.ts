import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { WEIGHTS } from './font-chars.ts';
import type { Weight } from './style.ts';
import { FONT_FILES } from './subsetter.ts';

// What a build needs to know of the npm font files before it renders: each file's SHA-256 (the render cache's key
// starts from them) and which characters every weight has (the glyph check). Reading the three files (31 MB),
// hashing them and parsing them with fontkit took ~0.17 s of the main thread at the start of every build, while the
// render workers waited for their first job; the facts are kept in the build's cache under the files' identity on
// disk (path, size, change time, inode), so a build reads the fonts only when it makes a new subset.

const require = createRequire(import.meta.url);

export interface FontFacts {
  /** The SHA-256 (hex) of each weight's file. */
  readonly digests: Readonly<Record<Weight, string>>;
  /** True when every weight has a real glyph (not .notdef) for the code point. */
  covers(cp: number): boolean;
}

/** Where facts are kept between builds (the build's cache), as JSON under a key. */
export interface FactStore {
  get(key: string): string | undefined;
  put(key: string, json: string): void;
}

/** The facts as stored: digests, and the covered code points as sorted [first, last] ranges. */
interface StoredFacts {
  readonly digests: Record<Weight, string>;
  readonly ranges: [number, number][];
}

let known: Readonly<Record<Weight, string>> | undefined;

/**
 * The SHA-256 (hex) of each npm font file, once per process: the render cache's key and the maker's font slices' key
 * both start from them. Read from the files (or from `data`, their bytes when the caller has them) unless fontFacts
 * took them from the cache already.
 */
export function fontDigests(data?: Readonly<Record<Weight, Uint8Array>>): Readonly<Record<Weight, string>> {
  return (known ??= Object.fromEntries(
    WEIGHTS.map((w) => [w, createHash('sha256').update(data?.[w] ?? readFileSync(require.resolve(FONT_FILES[w]))).digest('hex')]),
  ) as Record<Weight, string>);
}

/** The font files' identity on disk: a changed, replaced or reinstalled file gives another key. */
function identityKey(): string {
  const ids = WEIGHTS.map((w) => {
    const file = require.resolve(FONT_FILES[w]);
    const st = statSync(file);
    return [file, st.size, st.mtimeMs, st.ctimeMs, st.ino];
  });
  return createHash('sha256').update(JSON.stringify(['font-facts', 1, ids])).digest('hex');
}

/** Sorted code points as [first, last] ranges. */
export function toRanges(codePoints: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const cp of codePoints) {
    const last = out[out.length - 1];
    if (last && cp === last[1] + 1) last[1] = cp;
    else out.push([cp, cp]);
  }
  return out;
}

/** Membership in sorted ranges, by binary search. */
function inRanges(ranges: readonly (readonly [number, number])[]): (cp: number) => boolean {
  return (cp) => {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [first, last] = ranges[mid]!;
      if (cp < first) hi = mid - 1;
      else if (cp > last) lo = mid + 1;
      else return true;
    }
    return false;
  };
}

function readStored(json: string | undefined): StoredFacts | undefined {
  if (json === undefined) return undefined;
  try {
    const facts = JSON.parse(json) as StoredFacts;
    const ok = WEIGHTS.every((w) => /^[0-9a-f]{64}$/.test(facts.digests?.[w] ?? '')) && Array.isArray(facts.ranges);
    return ok ? facts : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The font files' facts: from `store` when the files are the ones it saw, else read from the files (with fontkit,
 * loaded only then) and stored. `loaded` is called with the files' bytes and coverage when they were read, so that a
 * caller that needs them anyway (to subset) does not read them twice.
 */
export async function fontFacts(store?: FactStore, loaded?: (files: import('./fonts.ts').FontFiles) => void): Promise<FontFacts> {
  const key = store ? identityKey() : undefined;
  const stored = key ? readStored(store!.get(key)) : undefined;
  if (stored) {
    known ??= stored.digests;
    return { digests: stored.digests, covers: inRanges(stored.ranges) };
  }
  const { loadFontFiles, coveredCodePoints } = await import('./fonts-node.ts');
  const files = loadFontFiles();
  loaded?.(files);
  const digests = fontDigests(files.data);
  const ranges = toRanges(coveredCodePoints(files));
  if (key) store!.put(key, JSON.stringify({ digests, ranges } satisfies StoredFacts));
  // The ranges, not the files' own lookup: a build keeps its facts to the end, and the lookup would hold the files
  // (31 MB, and fontkit's tables of them) with it: ~40 MB of a cold build's main thread while it rendered.
  return { digests, covers: inRanges(ranges) };
}
