import type { Weight } from '../render/style.ts';

// The font slice index the site ships at maker/engine/fonts/index.json (written by src/maker/font-slices.ts).

export const SLICE_INDEX_VERSION = 1;

export interface SliceIndex {
  readonly version: typeof SLICE_INDEX_VERSION;
  readonly weights: readonly Weight[];
  readonly slices: readonly {
    /** File name per weight, relative to the index (content-hashed: safe to cache forever). */
    readonly files: Readonly<Record<Weight, string>>;
    /** Total bytes of the slice's files (all weights). */
    readonly bytes: number;
    /** Code points held, as inclusive [start, end] ranges. */
    readonly ranges: readonly (readonly [number, number])[];
  }[];
}

/** Code point → slice number. */
export function sliceLookup(index: SliceIndex): Map<number, number> {
  const map = new Map<number, number>();
  index.slices.forEach((s, i) => {
    for (const [a, b] of s.ranges) for (let cp = a; cp <= b; cp++) map.set(cp, i);
  });
  return map;
}
