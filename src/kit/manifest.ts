import type { ManifestEntry } from '../render/manifest.ts';

/** One file of the kit, as listed in output/manifest.json (a public contract: keep it stable); the same entry `qmkit render` writes. */
export type ManifestAsset = ManifestEntry;

export interface ManifestPack {
  readonly edition: string;
  readonly year: number;
  readonly audience: string;
  readonly path: string;
  readonly sha256: string;
  readonly files: readonly string[];
}

export interface Manifest {
  readonly version: 1;
  readonly baseUrl: string;
  readonly preview: boolean;
  readonly assets: readonly ManifestAsset[];
  readonly packs: readonly ManifestPack[];
  readonly contactSheets: readonly { readonly edition: string; readonly year: number; readonly path: string; readonly sha256: string }[];
}
