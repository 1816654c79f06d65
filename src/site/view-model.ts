import path from 'node:path';
import { sloganOrigin, type Campaign, type KitData, type Section, type Site } from '../campaign/model.ts';
import { assetPath, displayPath, galleryPath, packPath, publicBase, sharePath, yearPath } from '../urls.ts';
import type { RenderJob } from '../render/job.ts';
import { AUDIENCES, AUDIENCE_LABELS, PROFILES, type Audience } from '../render/profiles.ts';
import { campaignLabel } from '../render/plan.ts';
import type { AuditReport } from '../audit/report.ts';
import { auditPages, type AuditPageView } from './audit-view.ts';
import { chineseDate, fitBox, fitClass, halves, organizersSentence } from './format.ts';

// Everything the templates show, computed once from the validated model. Templates only print these values.

/** Plans the render jobs of one campaign (src/render/plan.ts's planJobs). */
export type Planner = (campaign: Campaign, site: Site) => readonly RenderJob[];

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
  /** The download-all ZIP of this audience. */
  readonly pack: string;
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
  readonly plan: Planner;
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
export function itemName(job: Pick<RenderJob, 'kind' | 'n' | 'page'>): string {
  const what = job.n === undefined ? '主题' : `口号 ${job.n}`;
  if (job.kind === 'led-strip') return `${what} · 滚动条`;
  if (job.page === undefined) return what;
  return job.kind === 'led-page' ? `${what} · 第 ${job.page} 屏` : `${what} · 第 ${job.page} 段`;
}

function galleryItem(job: RenderJob, origin?: string): GalleryItem {
  const led = job.profile.colourMode !== 'full';
  // LED files are tiny indexed PNGs (1–3 KB): shown as they are, enlarged with crisp pixels. Their generic thumbnail
  // would be larger in bytes and, for a 720×32 strip scaled to 360×16, illegible. Every other file shows its thumbnail.
  const strip = job.kind === 'led-strip';
  const thumb = strip
    ? fitBox(job.width, job.height, STRIP_BOX.width, STRIP_BOX.height)
    : fitBox(job.width * (led ? 2 : 1), job.height * (led ? 2 : 1), THUMB_BOX.width, THUMB_BOX.height);
  return {
    name: itemName(job),
    alt: job.text,
    width: job.width,
    height: job.height,
    href: job.path,
    ...(job.bmpPath ? { bmpHref: job.bmpPath } : {}),
    thumb: led ? job.path : (job.thumbPath ?? job.path),
    thumbWidth: thumb.width,
    thumbHeight: thumb.height,
    pixelated: led,
    wide: strip,
    ...(origin ? { origin } : {}),
  };
}

/** Site-relative path of one surface's gallery page, under the year's gallery: `national/2024/posters/school-screen/`. */
export const profilePagePath = (edition: string, year: number, profileId: string) => `${galleryPath(edition, year)}${profileId}/`;

function galleryView(year: YearView, jobs: readonly RenderJob[]): GalleryView {
  const audiences = AUDIENCES.map((id) => {
    const own = jobs.filter((j) => j.audience === id);
    const profileIds = [...new Set(own.map((j) => j.profile.id))];
    return {
      id,
      label: AUDIENCE_LABELS[id],
      pack: packPath(year.edition, year.year, id),
      count: own.length,
      profiles: profileIds.map((pid) => {
        const items = own.filter((j) => j.profile.id === pid);
        const p = items[0]!.profile;
        return { id: pid, label: p.label, size: `${p.width}×${p.height}`, path: profilePagePath(year.edition, year.year, pid), items: items.map((j) => galleryItem(j, j.n === undefined ? undefined : year.slogans[j.n - 1]?.origin)) };
      }),
    };
  }).filter((a) => a.profiles.length > 0);
  return { year, path: year.galleryPath, audiences };
}

/** Builds every page's data from the validated kit. Pure: no I/O beyond the injected planner. */
export function buildSiteView(kit: KitData, options: ViewOptions): SiteView {
  const pathPrefix = options.pathPrefix ?? kit.site.pathPrefix;
  const site: Site = { ...kit.site, pathPrefix };
  const { base, preview } = publicBase(site);
  const current = kit.campaigns[0];
  if (!current) throw new Error('Internal error: buildSiteView needs at least one campaign (loadKitData guarantees it)');
  const audited = (edition: string, year: number) => Boolean(options.audit?.assets.some((a) => a.path.startsWith(`assets/${edition}/${year}/`)));
  const years = kit.campaigns.map((c) => yearView(c, audited));
  const shares: ShareView[] = [];
  const galleries: GalleryView[] = [];
  kit.campaigns.forEach((c, i) => {
    const year = years[i]!;
    const jobs = options.plan(c, site);
    galleries.push(galleryView(year, jobs));
    const og = jobs.filter((j) => j.profile.id === 'share-og');
    for (const slogan of year.slogans) {
      const image = og.find((j) => j.kind === 'slogan' && j.n === slogan.n) ?? og.find((j) => j.kind === 'theme');
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
    home: homeView(years, kit.campaigns, kit.site.defaultEdition),
    shares,
    galleries,
    profilePages,
    displays,
    auditPages: auditPages(years, options.audit),
    guide: {
      example: { edition: currentView.edition, year: currentView.year, path: currentView.path },
      profiles: PROFILES.map((p) => ({
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
