import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Campaign } from '../campaign/model.ts';
import type { Fonts } from '../render/fonts.ts';
import { renderContactSheet } from './contact-sheet.ts';
import type { ManifestAsset } from './manifest.ts';

// The contact-sheet worker's entry: resvg and the sheet's own code only. A sheet needs none of satori, the QR
// decoders or the font parsers that a render worker loads, so its thread starts in tens of milliseconds.

/** A contact sheet to draw: its campaign, its assets, the staged output folder that holds their files, and the fonts. */
export interface SheetInput {
  readonly campaign: Campaign;
  readonly assets: readonly ManifestAsset[];
  readonly dir: string;
  readonly subsets: Readonly<Record<keyof Fonts['subsets'], Uint8Array>>;
}

export default function task(input: SheetInput): Uint8Array {
  return renderContactSheet(input.campaign, input.assets, (f) => {
    const file = path.join(input.dir, f);
    return existsSync(file) ? readFileSync(file) : undefined;
  }, input.subsets);
}
