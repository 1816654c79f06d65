import type { Weight } from '../render/style.ts';

// The font slice index the site ships at maker/engine/fonts/index.json (written by src/maker/font-slices.ts).

export const SLICE_INDEX_VERSION = 2;

export interface SliceIndex {
  readonly version: typeof SLICE_INDEX_VERSION;
  readonly weights: readonly Weight[];
  readonly slices: readonly {
    /**
     * The slice's one file, relative to the index (content-hashed: safe to cache forever): its TTF in every weight,
     * one after another, so a slice is one request, not one per weight.
     */
    readonly file: string;
    /** Where each weight's TTF is in the file: [byte offset, byte length]. */
    readonly parts: Readonly<Record<Weight, readonly [number, number]>>;
    /** Bytes of the file. */
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

/** A slice file's TTF per weight, in the index's weight order (copies, so each face owns its buffer). */
export function sliceFaces(index: SliceIndex, i: number, file: Uint8Array): { weight: Weight; bytes: Uint8Array }[] {
  const slice = index.slices[i]!;
  if (file.byteLength !== slice.bytes) throw new Error(`字体分片 ${slice.file} 的大小不对（${file.byteLength} 字节，应为 ${slice.bytes}）`);
  return index.weights.map((weight) => {
    const [at, length] = slice.parts[weight];
    return { weight, bytes: file.slice(at, at + length) };
  });
}
