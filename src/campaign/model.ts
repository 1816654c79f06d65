/** A titled item of a notice: a focus area, a key event or a requirement. */
export interface Section {
  readonly title: string;
  readonly detail?: string;
}

/** One edition-year of the campaign, validated, normalised and frozen. */
export interface Campaign {
  readonly year: number;
  readonly edition: string;
  readonly editionName: string;
  readonly title: string;
  readonly docNumber?: string;
  readonly signedOn?: string;
  readonly issuer: string;
  readonly theme: string;
  readonly slogans: readonly string[];
  readonly focusAreas: readonly Section[];
  readonly keyEvents: readonly Section[];
  readonly requirements: readonly Section[];
  /** The notice's closing paragraph after its last numbered requirement (“各地区各部门要……”), if it has one. */
  readonly closing?: string;
  readonly organizers: readonly string[];
  readonly organizersTotal?: number;
  readonly source: { readonly file: string; readonly url?: string };
  readonly sample: boolean;
  /** The province (or other region) the edition belongs to, for grouping on the home page: 天津市, 北京市. */
  readonly province?: string;
  /** The edition this one extends (`extends:` in its file), in the same year; undefined for a standalone file. */
  readonly parent?: string;
  /**
   * Where each slogan comes from, one entry per slogan: the edition whose file lists it. Undefined when every
   * slogan is the campaign's own (a file without `extends`).
   */
  readonly sloganFrom?: readonly SloganSource[];
}

/** The edition a slogan was written in: `national` for the national list, the campaign's own edition for local ones. */
export interface SloganSource {
  readonly edition: string;
  readonly editionName: string;
}

/** The national edition's slug: slogans inherited from it are labelled 全国口号. */
export const NATIONAL_EDITION = 'national';

/**
 * What the site says about a slogan's origin: 全国口号 (inherited from the national edition), 本地口号 (the
 * campaign's own), or `<名称>口号` (inherited from an intermediate edition, e.g. a province's list in a city's
 * edition). Undefined for a campaign that extends nothing: all its slogans are its own and need no label.
 */
export function sloganOrigin(c: Campaign, index: number): { readonly kind: 'national' | 'local' | 'parent'; readonly label: string } | undefined {
  if (c.parent === undefined) return undefined;
  const from = c.sloganFrom?.[index];
  if (!from || from.edition === c.edition) return { kind: 'local', label: '本地口号' };
  if (from.edition === NATIONAL_EDITION) return { kind: 'national', label: '全国口号' };
  return { kind: 'parent', label: `${from.editionName}口号` };
}

/** The site settings from data/site.yaml. */
export interface Site {
  readonly title: string;
  /** Absolute URL ending in '/', or undefined when not yet known (cards are then marked 预览). */
  readonly baseUrl?: string;
  readonly pathPrefix: string;
  readonly defaultEdition: string;
}

/** Everything the kit is built from: the site and every campaign, newest first. */
export interface KitData {
  readonly site: Site;
  readonly campaigns: readonly Campaign[];
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Sorts newest year first, then the default edition, then by edition slug. */
export function compareCampaigns(defaultEdition: string) {
  return (a: Campaign, b: Campaign): number =>
    b.year - a.year ||
    Number(b.edition === defaultEdition) - Number(a.edition === defaultEdition) ||
    a.edition.localeCompare(b.edition);
}
