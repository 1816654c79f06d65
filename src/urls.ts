import type { Site } from './campaign/model.ts';

// One place for every URL and output path, so the site, the posters, the QR codes and the manifest agree.

/** The base URL used in QR codes and Open Graph tags, and whether it is only a preview (no real host yet). */
export function publicBase(site: Site): { base: string; preview: boolean } {
  if (!site.baseUrl) return { base: `http://localhost:8080${site.pathPrefix}`, preview: true };
  const host = new URL(site.baseUrl).hostname;
  const preview =
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\./.test(host) ||
    host === '[::1]' ||
    host === '0.0.0.0' ||
    /(^|\.)example(\.(com|net|org))?$/.test(host);
  return { base: site.baseUrl, preview };
}

/** Site-relative path of a year page: `national/2024/`. */
export const yearPath = (edition: string, year: number) => `${edition}/${year}/`;
/** Site-relative path of slogan n's share page (1-based): `national/2024/s/3/`. */
export const sharePath = (edition: string, year: number, n: number) => `${edition}/${year}/s/${n}/`;
export const galleryPath = (edition: string, year: number) => `${edition}/${year}/posters/`;
export const displayPath = (edition: string, year: number) => `${edition}/${year}/display/`;

/** Output path of a rendered file, relative to the output folder: `assets/national/2024/school-screen/slogan-03.png`. */
export const assetPath = (edition: string, year: number, profile: string, name: string, ext: 'png' | 'bmp' | 'gif' | 'pdf') =>
  `assets/${edition}/${year}/${profile}/${name}.${ext}`;

/** The small preview of an asset shown in the gallery: same name under `thumbs/`, always PNG. */
export const thumbPath = (path: string) => path.replace(/^assets\//, 'thumbs/').replace(/\.(png|bmp)$/, '.png');

/** The download pack of one audience: `downloads/national-2024-school.zip`. */
export const packPath = (edition: string, year: number, audience: string) => `downloads/${edition}-${year}-${audience}.zip`;

/** An asset's name inside its pack (and the maker's ZIP): its path below assets/<edition>/<year>/, e.g. `school-screen/slogan-01.png`. */
export const packEntryName = (assetPath: string) => assetPath.split('/').slice(3).join('/');

/** The contact sheet of an edition-year. */
export const contactSheetPath = (edition: string, year: number) => `assets/${edition}/${year}/contact-sheet.png`;

/** Asset name of slogan n (1-based), zero-padded so files sort: `slogan-03`. */
export const sloganName = (n: number) => `slogan-${String(n).padStart(2, '0')}`;
