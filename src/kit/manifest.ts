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

/** What a shard's partial output says about itself (manifest.build.shard); absent from a whole kit's manifest. */
export interface ShardInfo {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
  /** Jobs this shard rendered. */
  readonly jobs: number;
  /** The build options that chose what was built (--base-url, --edition, --year, --profile): merge applies them again. */
  readonly selection: { readonly baseUrl?: string; readonly edition?: string; readonly year?: number; readonly profiles?: readonly string[] };
  /** Gallery thumbnails written by the shard (they are not manifest assets). */
  readonly thumbs: readonly { readonly path: string; readonly sha256: string }[];
}

export interface Manifest {
  readonly version: 1;
  readonly baseUrl: string;
  readonly preview: boolean;
  /**
   * The build id: a hash of the data, the site settings and qmkit's code (renderer, fonts, site templates, version).
   * Two outputs with equal ids were made from the same inputs; a shard's manifest also says which shard it is.
   */
  readonly build?: { readonly id: string; readonly shard?: ShardInfo };
  readonly assets: readonly ManifestAsset[];
  readonly packs: readonly ManifestPack[];
  readonly contactSheets: readonly { readonly edition: string; readonly year: number; readonly path: string; readonly sha256: string }[];
}
