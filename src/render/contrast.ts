import type { Profile } from './profiles.ts';

// WCAG 2.x contrast (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio), computed for every text/background pair
// a layout draws, so the rule is checked on what is rendered rather than on the palette alone.

/** One text colour on one background, as a layout draws it. */
export interface ContrastPair {
  /** What the text is: hero, label, footer, url, tag. */
  readonly role: string;
  readonly fg: string;
  readonly bg: string;
  readonly ratio: number;
}

function channel(c8: number): number {
  const c = c8 / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of a #RRGGBB colour. */
export function relativeLuminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`Internal error: colour ${hex} is not #RRGGBB`);
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => channel(parseInt(h, 16))) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** (L1 + 0.05) / (L2 + 0.05), lighter over darker: 1 … 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export function pair(role: string, fg: string, bg: string): ContrastPair {
  return { role, fg, bg, ratio: contrastRatio(fg, bg) };
}

/**
 * The ratio a profile's text must reach. Screen posters, read across a room or a platform: 7:1 (WCAG AAA).
 * Print and share cards, read close up: 4.5:1 (WCAG AA).
 * LED panels: 4.5:1 on the nominal dot colours. A lit LED dot is a light source far brighter than its dark
 * surround, which the sRGB formula does not model; pure red on black computes to 5.25:1 but reads as strongly as
 * anything on the street. Requiring 7:1 there would forbid the only colour a single-colour panel has.
 */
export function requiredContrast(profile: Profile): number {
  if (profile.layout === 'led') return 4.5;
  if (profile.audience === 'share' || profile.audience === 'print' || profile.layout === 'print') return 4.5;
  return 7;
}
