import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Campaign } from '../campaign/model.ts';
import type { Fonts } from '../render/fonts.ts';
import { blobStore, diskCache } from './cache.ts';
import { cellStore, pngSize, renderContactSheet, type CellsAt } from './contact-sheet.ts';
import { sha256 } from './hash.ts';
import type { ManifestAsset } from './manifest.ts';
import { makeZip } from './zip.ts';
import { freeNative } from './gc.ts';
import { PACK_README } from '../pack-readme.ts';
import { checkFiles, type Listed } from './verify.ts';

// Contact sheets and download packs, drawn and zipped by the render workers (render-task.ts) from the files already
// in the staged output, once the renders are done, while the main thread writes the site; and the check of the
// images' files against their manifest entries.

/** A contact sheet to draw: its campaign, its assets, the staged output folder that holds their files, and the fonts. */
export interface SheetInput {
  readonly sheet: true;
  readonly campaign: Campaign;
  readonly assets: readonly ManifestAsset[];
  readonly dir: string;
  readonly subsets: Readonly<Record<keyof Fonts['subsets'], Uint8Array>>;
  /** The build's cache folder, where the sheet's scaled cells are kept (none with --no-cache), and their version. */
  readonly cells?: CellsAt;
}

/** A download pack to zip into `dir`: its guide (PACK_README), then its files in order under their names in the zip. */
export interface PackInput {
  readonly dir: string;
  readonly path: string;
  readonly readme: string;
  readonly files: readonly { readonly name: string; readonly path: string }[];
  /** The entries' fixed timestamp (buildDate), as milliseconds. */
  readonly date: number;
  /** The build's cache folder, where deflated entries are kept for the next zip (none with --no-cache). */
  readonly deflated?: string;
}

/** One campaign's packs, zipped one after another by one worker (one task, not one round trip to the main thread each). */
export interface PacksInput {
  readonly packs: readonly PackInput[];
}

/** Files of the staged output to check against their SHA-256 (checkFiles): the build's images. */
export interface VerifyInput {
  readonly verify: true;
  readonly dir: string;
  readonly items: readonly Listed[];
}

/**
 * Zips a pack from the staged output (makeZip) and returns the SHA-256 of the file as read back from the disk: the
 * manifest gives what is there, the check the main thread made of every pack before (issue 11).
 */
export function zipPack(input: PackInput): string {
  const entries = [
    { name: PACK_README, bytes: new TextEncoder().encode(input.readme) },
    ...input.files.map((f) => ({ name: f.name, bytes: readFileSync(path.join(input.dir, f.path)) })),
  ];
  const zip = makeZip(entries, new Date(input.date), input.deflated ? blobStore(diskCache(input.deflated), 'deflate') : undefined);
  const file = path.join(input.dir, input.path);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, zip);
  return sha256(readFileSync(file));
}

/** Sheet pixels drawn since the last collection, and the amount that calls for one: about one 2022-sized sheet. */
let drawn = 0;
const COLLECT_PIXELS = 16_000_000;

export async function assemble(input: SheetInput | PacksInput | VerifyInput): Promise<Uint8Array | string[] | string | null> {
  if ('packs' in input) return input.packs.map(zipPack);
  if ('verify' in input) return checkFiles(input.dir, input.items) ?? null;
  const sheet = await renderContactSheet(input.campaign, input.assets, (f) => {
    const file = path.join(input.dir, f);
    return existsSync(file) ? readFileSync(file) : undefined;
  }, input.subsets, input.cells && cellStore(input.cells), () => freeNative('minor'));
  // A sheet leaves its scanlines (60 MB for the 2022 national sheet) and the tiles it drew in resvg's native memory,
  // freed only when their wrappers are collected and the event loop runs the finalizers (see render-task.ts). Free
  // them once a large sheet's worth has piled up; a local edition's small sheets share one collection.
  const { w, h } = pngSize(sheet);
  drawn += w * h;
  const collect = drawn >= COLLECT_PIXELS;
  if (collect) drawn = 0;
  await freeNative(collect ? 'major' : undefined);
  return sheet;
}
