import path from 'node:path';
import { sloganOrigin, type Campaign, type KitData, type Section, type Site } from '../campaign/model.ts';
import { assetPath, displayPath, galleryPath, publicBase, sharePath, yearPath } from '../urls.ts';
import type { Manifest, ManifestEntry } from '../render/manifest.ts';
import { AUDIENCES, AUDIENCE_LABELS, PROFILES, type Audience, type Profile } from '../render/profiles.ts';
import { campaignLabel } from '../render/plan.ts';
import type { AuditReport } from '../audit/report.ts';
import { auditPages, type AuditPageView } from './audit-view.ts';
import { BuildError } from '../errors.ts';
import { chineseDate, fitBox, fitClass, halves, organizersSentence } from './format.ts';

// Everything the templates show, computed once from the validated model and the build's manifest (what was built:
// one truth, never planned again here). Templates only print these values.

export interface SloganView {
  readonly n: number;
  readonly text: string;
  readonly halves: readonly string[];
  /** CSS class sizing the slogan so its widest half fits a line (see fitClass). */
  readonly fit: string;
  readonly path: string;
  /** Where the slogan comes from, for an edition that extends another: 全国口号, 本地口号 or 北京市口号. */
  readonly origin?: string;
  readonly originKind?: 'national' | 'local' | 'parent';
}

export interface YearView {
  readonly key: string;
  readonly edition: string;
  readonly year: number;
  readonly editionName: string;
  readonly label: string;
  readonly theme: string;
  readonly themeHalves: readonly string[];
  readonly slogans: readonly SloganView[];
  readonly focusAreas: readonly Section[];
  readonly keyEvents: readonly Section[];
  readonly requirements: readonly Section[];
  /** The notice's closing paragraph after its requirements, if the data keeps it. */
  readonly closing?: string;
  readonly organizers: readonly string[];
  readonly organizersSentence?: string;
  readonly notice: {
    readonly title: string;
    readonly docNumber?: string;
    readonly date?: string;
    readonly issuer: string;
    readonly sourceFile: string;
    readonly sourceUrl?: string;
  };
  readonly sample: boolean;
  readonly path: string;
  readonly galleryPath: string;
  readonly displayPath: string;
  /** Set when the legibility audit page exists in the output (issue 7 writes it). */
  readonly auditPath?: string;
}

export interface ShareView {
  readonly year: YearView;
  readonly slogan: SloganView;
  readonly total: number;
  readonly url: string;
  readonly ogImage?: { readonly url: string; readonly width: number; readonly height: number };
}

export interface GalleryItem {
  readonly name: string;
  readonly alt: string;
  readonly width: number;
  readonly height: number;
  readonly href: string;
  readonly bmpHref?: string;
  /** LED strips: the scrolling GIF for controllers that play animations. */
  readonly gifHref?: string;
  /** Print posters: the print shop's PDF (vector, CMYK, bleed and crop marks). */
  readonly pdfHref?: string;
  readonly thumb: string;
  readonly thumbWidth: number;
  readonly thumbHeight: number;
  readonly pixelated: boolean;
  /** An LED scrolling strip: shown across the whole row at its own size. */
  readonly wide: boolean;
  /** A slogan's origin in an edition that extends another (全国口号, 本地口号). */
  readonly origin?: string;
}

export interface GalleryProfile {
  readonly id: string;
  readonly label: string;
  readonly size: string;
  /** The page showing every file of this surface: `national/2024/posters/school-screen/`. */
  readonly path: string;
  readonly items: readonly GalleryItem[];
}

export interface GalleryAudience {
  readonly id: Audience;
  readonly label: string;
  /** The download-all ZIP of this audience, when the build made one. */
  readonly pack?: string;
  readonly count: number;
  readonly profiles: readonly GalleryProfile[];
}

/**
 * The gallery: a hub at posters/ grouped by audience (one sample per surface, every ZIP), and one page per surface
 * with every file. A year with 15 slogans has about 300 files (LED texts come as a strip and pages, each PNG + BMP):
 * on one page, or even one page per audience, they exceed the 50 KB budget.
 */
export interface GalleryView {
  readonly year: YearView;
  readonly path: string;
  readonly audiences: readonly GalleryAudience[];
}

export interface ProfilePageView {
  readonly year: YearView;
  readonly gallery: GalleryView;
  readonly audience: GalleryAudience;
  readonly profile: GalleryProfile;
  readonly path: string;
}

export interface DisplayView {
  readonly year: YearView;
  readonly path: string;
  readonly slides: readonly { readonly kind: 'theme' | 'slogan'; readonly n: number; readonly text: string; readonly halves: readonly string[] }[];
}

/** One local edition on the home page: its newest year, and links to its other years. */
export interface HomeEdition {
  readonly name: string;
  readonly path: string;
  readonly year: number;
  readonly sample: boolean;
  readonly others: readonly { readonly year: number; readonly path: string }[];
}

/** The local editions of one province (or region), in one section of the home page. */
export interface HomeGroup {
  /** The section's anchor: `r1`, `r2`… */
  readonly id: string;
  readonly name: string;
  /** Every edition of the group is sample data: one 示例 badge on the heading instead of one per edition. */
  readonly sample: boolean;
  readonly editions: readonly HomeEdition[];
}

export interface HomeView {
  /** The default edition's years, newest first. */
  readonly national: readonly YearView[];
  /** Every other edition, grouped by province (`province:` in its file, inherited along `extends`). */
  readonly groups: readonly HomeGroup[];
  readonly localCount: number;
  /** Show the search box (progressive enhancement; the province index works without JavaScript). */
  readonly filter: boolean;
}

/** The group of editions with no province. */
export const NO_PROVINCE = '其他地区';
/** The search box appears from this many local editions on. */
export const FILTER_FROM = 12;

const zh = new Intl.Collator('zh-Hans-CN', { numeric: true });

export function homeView(years: readonly YearView[], campaigns: readonly Campaign[], defaultEdition: string): HomeView {
  const national = years.filter((y) => y.edition === defaultEdition);
  const byEdition = new Map<string, { views: YearView[]; province: string }>();
  years.forEach((y, i) => {
    if (y.edition === defaultEdition) return;
    const entry = byEdition.get(y.edition);
    // Years come newest first: the newest year names the edition and its province.
    if (entry) entry.views.push(y);
    else byEdition.set(y.edition, { views: [y], province: campaigns[i]!.province ?? NO_PROVINCE });
  });
  const groups = new Map<string, HomeEdition[]>();
  for (const { views, province } of byEdition.values()) {
    const [newest, ...older] = [...views].sort((a, b) => b.year - a.year);
    const list = groups.get(province) ?? [];
    list.push({ name: newest!.editionName, path: newest!.path, year: newest!.year, sample: newest!.sample, others: older.map((o) => ({ year: o.year, path: o.path })) });
    groups.set(province, list);
  }
  const names = [...groups.keys()].sort((a, b) => Number(a === NO_PROVINCE) - Number(b === NO_PROVINCE) || zh.compare(a, b));
  const localCount = byEdition.size;
  return {
    national,
    groups: names.map((name, i) => {
      const editions = groups.get(name)!.sort((a, b) => zh.compare(a.name, b.name));
      return { id: `r${i + 1}`, name, sample: editions.every((e) => e.sample), editions };
    }),
    localCount,
    filter: localCount >= FILTER_FROM,
  };
}

export interface SiteView {
  readonly title: string;
  readonly pathPrefix: string;
  readonly base: string;
  readonly preview: boolean;
  readonly current: YearView;
  readonly years: readonly YearView[];
  readonly home: HomeView;
  readonly shares: readonly ShareView[];
  readonly galleries: readonly GalleryView[];
  readonly profilePages: readonly ProfilePageView[];
  readonly displays: readonly DisplayView[];
  readonly auditPages: readonly AuditPageView[];
  readonly guide: {
    readonly example: { readonly edition: string; readonly year: number; readonly path: string };
    readonly profiles: readonly { readonly label: string; readonly size: string; readonly folder: string; readonly audience: string }[];
  };
}

export interface ViewOptions {
  /**
   * What the build made (output/manifest.json). The site shows exactly this: only its edition-years, and in the
   * gallery only its files, so a part-build (--edition/--year/--profile) links nothing it did not make.
   */
  readonly manifest: Manifest;
  readonly pathPrefix?: string;
  /** The build's legibility audit; each edition-year with records gets an audit page, linked from its gallery. */
  readonly audit?: AuditReport;
}

const THUMB_BOX = { width: 240, height: 180 } as const;
const STRIP_BOX = { width: 880, height: 64 } as const;

function yearView(c: Campaign, hasAudit: (edition: string, year: number) => boolean): YearView {
  const yp = yearPath(c.edition, c.year);
  const sentence = organizersSentence(c);
  return {
    key: `${c.edition}/${c.year}`,
    edition: c.edition,
    year: c.year,
    editionName: c.editionName,
    label: campaignLabel(c),
    theme: c.theme,
    themeHalves: halves(c.theme),
    slogans: c.slogans.map((text, i) => {
      const origin = sloganOrigin(c, i);
      return {
        n: i + 1,
        text,
        halves: halves(text),
        fit: fitClass(halves(text)),
        path: sharePath(c.edition, c.year, i + 1),
        ...(origin ? { origin: origin.label, originKind: origin.kind } : {}),
      };
    }),
    focusAreas: c.focusAreas,
    keyEvents: c.keyEvents,
    requirements: c.requirements,
    ...(c.closing ? { closing: c.closing } : {}),
    organizers: c.organizers,
    ...(sentence ? { organizersSentence: sentence } : {}),
    notice: {
      title: c.title,
      ...(c.docNumber ? { docNumber: c.docNumber } : {}),
      ...(c.signedOn ? { date: chineseDate(c.signedOn) } : {}),
      issuer: c.issuer,
      sourceFile: c.source.file,
      ...(c.source.url ? { sourceUrl: c.source.url } : {}),
    },
    sample: c.sample,
    path: yp,
    galleryPath: galleryPath(c.edition, c.year),
    displayPath: displayPath(c.edition, c.year),
    ...(hasAudit(c.edition, c.year) ? { auditPath: `${yp}audit/` } : {}),
  };
}

/** What a gallery item shows, in words: 主题, 口号 3, 口号 3 · 第 2 屏 (LED page), 口号 3 · 第 1 段 (a bar text in parts), 口号 3 · 滚动条. */
export function itemName(asset: Pick<ManifestEntry, 'kind' | 'n' | 'page'>): string {
  const what = asset.n === undefined ? '主题' : `口号 ${asset.n}`;
  if (asset.kind === 'led-strip') return `${what} · 滚动条`;
  if (asset.page === undefined) return what;
  return asset.kind === 'led-page' ? `${what} · 第 ${asset.page} 屏` : `${what} · 第 ${asset.page} 段`;
}

function galleryItem(asset: ManifestEntry, profile: Profile, origin?: string): GalleryItem {
  const led = profile.colourMode !== 'full';
  // LED files are tiny indexed PNGs (1–3 KB): shown as they are, enlarged with crisp pixels. Their generic thumbnail
  // would be larger in bytes and, for a 720×32 strip scaled to 360×16, illegible. Every other file shows its thumbnail.
  const strip = asset.kind === 'led-strip';
  const thumb = strip
    ? fitBox(asset.width, asset.height, STRIP_BOX.width, STRIP_BOX.height)
    : fitBox(asset.width * (led ? 2 : 1), asset.height * (led ? 2 : 1), THUMB_BOX.width, THUMB_BOX.height);
  return {
    name: itemName(asset),
    alt: asset.text,
    width: asset.width,
    height: asset.height,
    href: asset.path,
    ...(asset.bmp ? { bmpHref: asset.bmp } : {}),
    ...(asset.gif ? { gifHref: asset.gif } : {}),
    ...(asset.pdf ? { pdfHref: asset.pdf } : {}),
    thumb: led ? asset.path : (asset.thumb ?? asset.path),
    thumbWidth: thumb.width,
    thumbHeight: thumb.height,
    pixelated: led,
    wide: strip,
    ...(origin ? { origin } : {}),
  };
}

/** Site-relative path of one surface's gallery page, under the year's gallery: `national/2024/posters/school-screen/`. */
export const profilePagePath = (edition: string, year: number, profileId: string) => `${galleryPath(edition, year)}${profileId}/`;

const PROFILE_BY_ID = new Map(PROFILES.map((p) => [p.id, p]));

/** The manifest's images of one edition-year that the gallery shows: the PNGs (a BMP twin is linked from its PNG). */
/** The manifest's images grouped by edition-year, made once per manifest (hundreds of editions read it). */
const imagesByYear = new WeakMap<Manifest, Map<string, { asset: ManifestEntry; profile: Profile }[]>>();

function imagesOf(manifest: Manifest, edition: string, year: number): { asset: ManifestEntry; profile: Profile }[] {
  let groups = imagesByYear.get(manifest);
  if (!groups) {
    groups = new Map();
    const bmps = new Set(manifest.assets.flatMap((a) => (a.bmp ? [a.bmp] : [])));
    for (const asset of manifest.assets) {
      const profile = PROFILE_BY_ID.get(asset.profile);
      if (!profile || bmps.has(asset.path) || !asset.path.endsWith('.png')) continue;
      const key = `${asset.edition}/${asset.year}`;
      const list = groups.get(key) ?? [];
      list.push({ asset, profile });
      groups.set(key, list);
    }
    imagesByYear.set(manifest, groups);
  }
  return groups.get(`${edition}/${year}`) ?? [];
}

function galleryView(year: YearView, manifest: Manifest): GalleryView {
  const images = imagesOf(manifest, year.edition, year.year);
  const audiences = AUDIENCES.map((id) => {
    const own = images.filter((i) => i.profile.audience === id);
    const profileIds = [...new Set(own.map((i) => i.profile.id))];
    const pack = manifest.packs.find((p) => p.edition === year.edition && p.year === year.year && p.audience === id);
    return {
      id,
      label: AUDIENCE_LABELS[id],
      ...(pack ? { pack: pack.path } : {}),
      count: own.length,
      profiles: profileIds.map((pid) => {
        const items = own.filter((i) => i.profile.id === pid);
        const p = items[0]!.profile;
        return {
          id: pid,
          label: p.label,
          size: `${p.width}×${p.height}`,
          path: profilePagePath(year.edition, year.year, pid),
          items: items.map((i) => galleryItem(i.asset, i.profile, i.asset.n === undefined ? undefined : year.slogans[i.asset.n - 1]?.origin)),
        };
      }),
    };
  }).filter((a) => a.profiles.length > 0);
  return { year, path: year.galleryPath, audiences };
}

/** The edition-years of the kit that the manifest says were built, in the kit's order. */
export function builtCampaigns(kit: KitData, manifest: Manifest): Campaign[] {
  const keys = new Set(manifest.campaigns.map((c) => `${c.edition}/${c.year}`));
  return kit.campaigns.filter((c) => keys.has(`${c.edition}/${c.year}`));
}

/** Builds every page's data from the validated kit and the build's manifest. Pure: no I/O, no planning. */
export function buildSiteView(kit: KitData, options: ViewOptions): SiteView {
  const pathPrefix = options.pathPrefix ?? kit.site.pathPrefix;
  const site: Site = { ...kit.site, pathPrefix };
  const { base, preview } = publicBase(site);
  const { manifest } = options;
  const campaigns = builtCampaigns(kit, manifest);
  const current = campaigns[0];
  if (!current) throw new BuildError('清单 manifest.json 中的活动在数据中都找不到：请重新运行 qmkit build。');
  // Edition-years with audit records, found in one pass (hundreds of editions × thousands of records).
  const auditedYears = new Set((options.audit?.assets ?? []).map((a) => a.path.split('/').slice(1, 3).join('/')));
  const audited = (edition: string, year: number) => auditedYears.has(`${edition}/${year}`);
  const years = campaigns.map((c) => yearView(c, audited));
  const shares: ShareView[] = [];
  const galleries: GalleryView[] = [];
  campaigns.forEach((c, i) => {
    const year = years[i]!;
    galleries.push(galleryView(year, manifest));
    const og = imagesOf(manifest, c.edition, c.year)
      .map((i) => i.asset)
      .filter((a) => a.profile === 'share-og');
    for (const slogan of year.slogans) {
      const image = og.find((a) => a.kind === 'slogan' && a.n === slogan.n) ?? og.find((a) => a.kind === 'theme');
      shares.push({
        year,
        slogan,
        total: year.slogans.length,
        url: base + slogan.path,
        ...(image ? { ogImage: { url: base + image.path, width: image.width, height: image.height } } : {}),
      });
    }
  });
  const profilePages = galleries.flatMap((gallery) =>
    gallery.audiences.flatMap((audience) => audience.profiles.map((profile) => ({ year: gallery.year, gallery, audience, profile, path: profile.path }))),
  );
  const displays: DisplayView[] = years.map((year) => ({
    year,
    path: year.displayPath,
    slides: [
      { kind: 'theme' as const, n: 0, text: year.theme, halves: year.themeHalves },
      ...year.slogans.map((s) => ({ kind: 'slogan' as const, n: s.n, text: s.text, halves: s.halves })),
    ],
  }));
  const currentView = years[0]!;
  return {
    title: kit.site.title,
    pathPrefix,
    base,
    preview,
    current: currentView,
    years,
    home: homeView(years, campaigns, kit.site.defaultEdition),
    shares,
    galleries,
    profilePages,
    displays,
    auditPages: auditPages(years, options.audit),
    guide: {
      example: { edition: currentView.edition, year: currentView.year, path: currentView.path },
      // The surfaces this output has files for (a part-build's guide lists no folder it lacks).
      profiles: PROFILES.filter((p) => manifest.assets.some((a) => a.profile === p.id)).map((p) => ({
        label: p.label,
        size: `${p.width}×${p.height}`,
        folder: profileFolder(assetPath(current.edition, current.year, p.id, 'x', 'png')),
        audience: AUDIENCE_LABELS[p.audience],
      })),
    },
  };
}

/** The folder of a profile's files, derived from assetPath so the guide and the kit agree. */
export function profileFolder(assetFile: string): string {
  return path.posix.dirname(assetFile) + '/';
}
