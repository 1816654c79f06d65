import type { ManifestEntry } from '../render/manifest.ts';

/** One file of the kit, as listed in output/manifest.json (a public contract: keep it stable); the same entry `qmkit render` writes. */
export type ManifestAsset = ManifestEntry;

export type { Manifest, ManifestCampaign, ManifestPack, ShardInfo } from '../render/manifest.ts';
