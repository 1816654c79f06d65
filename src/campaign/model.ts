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
