import { createHash } from 'node:crypto';
import type { RenderJob } from './job.ts';
import { BLEED_MM } from './profiles.ts';
import type { RenderResult } from './render.ts';

// The manifest is a public contract (issue 4): { version: 1, baseUrl, assets: [...] }. Its entries are built here,
// purely, so `qmkit render` and the whole-kit build write exactly the same thing.

export type AssetFormat = 'png' | 'bmp' | 'gif' | 'pdf';

/** One file of the kit as listed in manifest.json. */
export interface ManifestEntry {
  readonly edition: string;
  readonly year: number;
  readonly kind: string;
  readonly profile: string;
  readonly width: number;
  readonly height: number;
  /** Relative to the output folder, with forward slashes. */
  readonly path: string;
  /** The file's format: png, bmp (LED), gif (LED scrolling strip) or pdf (print posters). */
  readonly format: AssetFormat;
  /** Print PDFs: the paper size in mm (the TrimBox), and the bleed past it on every side (the BleedBox). */
  readonly trimMm?: readonly [number, number];
  readonly bleedMm?: number;
  readonly sha256: string;
  /** The text shown on the image, exactly as in the data. */
  readonly text: string;
  /** The QR code's target, or null. */
  readonly url: string | null;
  /** Slogan number, 1-based; absent for the theme. */
  readonly n?: number;
  /** LED page number, or the part of a bar text split into several images; 1-based. */
  readonly page?: number;
  /** PNG entries: the gallery thumbnail's path, when the image is too large to be its own thumbnail. */
  readonly thumb?: string;
  /** PNG entries of LED images: the path of the BMP with the same pixels (listed as its own entry). */
  readonly bmp?: string;
  /** PNG entries of LED strips: the path of the scrolling GIF made from the same strip (listed as its own entry). */
  readonly gif?: string;
  /** PNG entries of print posters: the path of the print PDF of the same poster (listed as its own entry). */
  readonly pdf?: string;
}

// The whole kit's manifest (output/manifest.json), written by the build and read by the microsite; its types live
// here, beside the entries, so that src/site can read it without importing src/kit.

export interface ManifestPack {
  readonly edition: string;
  readonly year: number;
  readonly audience: string;
  readonly path: string;
  readonly sha256: string;
  readonly files: readonly string[];
}

/** One edition-year this output was built for (added in issue 11: a part-build lists only what it built). */
export interface ManifestCampaign {
  readonly edition: string;
  readonly year: number;
}

/** What a shard's partial output says about itself (manifest.build.shard, issue 14); absent from a whole kit's manifest. */
export interface ShardInfo {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
  /** Jobs this shard rendered. */
  readonly jobs: number;
  /** The build options that chose what was built (--base-url, --edition, --year, --profile): merge applies them again. */
  readonly selection: { readonly printMarks?: boolean; readonly baseUrl?: string; readonly edition?: string; readonly year?: number; readonly profiles?: readonly string[] };
  /** Gallery thumbnails written by the shard, with their hashes (merge checks each file it copies). */
  readonly thumbs: readonly { readonly path: string; readonly sha256: string }[];
}

export interface Manifest {
  readonly version: 1;
  readonly baseUrl: string;
  readonly preview: boolean;
  /**
   * The build id (issue 14): a hash of the data, the site settings and qmkit's code (renderer, fonts, site templates,
   * version). Two outputs with equal ids were made from the same inputs; a shard's manifest also says which shard it is.
   */
  readonly build?: { readonly id: string; readonly shard?: ShardInfo };
  /** The edition-years built, in the site's order (the default edition first, newest year first). */
  readonly campaigns: readonly ManifestCampaign[];
  readonly assets: readonly ManifestEntry[];
  readonly packs: readonly ManifestPack[];
  readonly contactSheets: readonly { readonly edition: string; readonly year: number; readonly path: string; readonly sha256: string }[];
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The files of a job, each with its manifest entry (its hash left empty, filled in by the writer in the same key
 * place): the PNG; the BMP and the scrolling GIF of LED jobs; the print PDF of print posters. Every entry has the
 * job's fields and its own path and format. A GIF's width and height are the panel's (its frames); a PDF's are the
 * PNG's pixels, with its paper size in trimMm. PNG entries name their sibling files (thumb, bmp, gif, pdf) so the
 * microsite is built from the manifest alone (issue 11).
 */
export function assetFiles(job: RenderJob, present: Readonly<Record<string, unknown>>, size: { width: number; height: number }): { file: AssetFormat; asset: ManifestEntry }[] {
  const has = (f: string, p: string | undefined): p is string => Boolean(p && present[f]);
  const entry = (file: AssetFormat, path: string, extra: Partial<ManifestEntry> = {}): ManifestEntry => ({
    edition: job.edition,
    year: job.year,
    kind: job.kind,
    profile: job.profile.id,
    width: extra.width ?? size.width,
    height: extra.height ?? size.height,
    path,
    format: file,
    sha256: '',
    text: job.text,
    url: job.url,
    ...(extra.trimMm ? { trimMm: extra.trimMm, bleedMm: extra.bleedMm } : {}),
    ...(job.n !== undefined ? { n: job.n } : {}),
    ...(job.page !== undefined ? { page: job.page } : {}),
    ...(file === 'png' && has('thumb', job.thumbPath) ? { thumb: job.thumbPath } : {}),
    ...(file === 'png' && has('bmp', job.bmpPath) ? { bmp: job.bmpPath } : {}),
    ...(file === 'png' && has('gif', job.gifPath) ? { gif: job.gifPath } : {}),
    ...(file === 'png' && has('pdf', job.pdfPath) && job.profile.trimMm ? { pdf: job.pdfPath } : {}),
  });
  const out: { file: AssetFormat; asset: ManifestEntry }[] = [{ file: 'png', asset: entry('png', job.path) }];
  if (has('bmp', job.bmpPath)) out.push({ file: 'bmp', asset: entry('bmp', job.bmpPath) });
  if (has('gif', job.gifPath)) out.push({ file: 'gif', asset: entry('gif', job.gifPath, { width: job.profile.width, height: job.profile.height }) });
  if (has('pdf', job.pdfPath) && job.profile.trimMm) out.push({ file: 'pdf', asset: entry('pdf', job.pdfPath, { trimMm: job.profile.trimMm, bleedMm: BLEED_MM }) });
  return out;
}

/** The manifest entries of one render result (`qmkit render`; the kit's build lists the same through assetFiles). */
export function manifestEntries(job: RenderJob, result: Pick<RenderResult, 'bytes' | 'bmp' | 'gif' | 'pdf' | 'width' | 'height'> & { thumb?: Uint8Array }): ManifestEntry[] {
  const files: Record<string, Uint8Array | undefined> = { png: result.bytes, bmp: result.bmp, gif: result.gif, pdf: result.pdf, thumb: result.thumb };
  return assetFiles(job, files, result).map(({ file, asset }) => ({ ...asset, sha256: sha256(files[file]!) }));
}

/** The whole manifest of one render run. */
export function buildManifest(baseUrl: string, entries: readonly ManifestEntry[]): { version: 1; baseUrl: string; assets: readonly ManifestEntry[] } {
  return { version: 1, baseUrl, assets: entries };
}
