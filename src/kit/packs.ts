import type { Campaign } from '../campaign/model.ts';
import { packPath } from '../urls.ts';
import { AUDIENCES, PROFILES, type Audience } from '../render/profiles.ts';
import { packReadme } from '../pack-readme.ts';
import type { ManifestAsset } from './manifest.ts';

export { packReadme };

/** What one download pack holds: its zip path, its entries in a fixed order, and its 使用说明.txt. */
export interface PackPlan {
  readonly edition: string;
  readonly year: number;
  readonly audience: Audience;
  readonly path: string;
  readonly assets: readonly ManifestAsset[];
  readonly readme: string;
}

/** One pack per audience that has files, in the fixed audience order. */
export function planPacks(campaign: Campaign, assets: readonly ManifestAsset[]): PackPlan[] {
  return AUDIENCES.flatMap((audience) => {
    const ids = new Set(PROFILES.filter((p) => p.audience === audience).map((p) => p.id));
    const mine = assets.filter((a) => a.edition === campaign.edition && a.year === campaign.year && ids.has(a.profile));
    if (mine.length === 0) return [];
    return [{ edition: campaign.edition, year: campaign.year, audience, path: packPath(campaign.edition, campaign.year, audience), assets: mine, readme: packReadme(campaign, audience, mine) }];
  });
}
