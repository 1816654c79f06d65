import { createHash } from 'node:crypto';
import type { RenderJob } from './job.ts';
import type { RenderResult } from './render.ts';

// The manifest is a public contract (issue 4): { version: 1, baseUrl, assets: [...] }. Its entries are built here,
// purely, so `qmkit render` and the whole-kit build write exactly the same thing.

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
}

/**
 * One entry, its fields in the contract's order (issue 11 added n, page, thumb and bmp at the end, so the microsite
 * is built from the manifest alone). `file` is which of the job's files the entry lists; `has` which files exist.
 */
export function manifestEntry(
  job: RenderJob,
  file: 'png' | 'bmp',
  has: { bmp: boolean; thumb: boolean },
  size: { width: number; height: number },
  hash: string,
): ManifestEntry {
  return {
    edition: job.edition,
    year: job.year,
    kind: job.kind,
    profile: job.profile.id,
    width: size.width,
    height: size.height,
    path: file === 'png' ? job.path : job.bmpPath!,
    sha256: hash,
    text: job.text,
    url: job.url,
    ...(job.n !== undefined ? { n: job.n } : {}),
    ...(job.page !== undefined ? { page: job.page } : {}),
    ...(file === 'png' && has.thumb && job.thumbPath ? { thumb: job.thumbPath } : {}),
    ...(file === 'png' && has.bmp && job.bmpPath ? { bmp: job.bmpPath } : {}),
  };
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
  readonly selection: { readonly baseUrl?: string; readonly edition?: string; readonly year?: number; readonly profiles?: readonly string[] };
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

/** The PNG's entry, and the BMP's for LED jobs (same fields, its own path and hash). */
export function manifestEntries(job: RenderJob, result: Pick<RenderResult, 'bytes' | 'bmp' | 'width' | 'height'> & { thumb?: Uint8Array }): ManifestEntry[] {
  const has = { bmp: Boolean(job.bmpPath && result.bmp), thumb: Boolean(job.thumbPath && result.thumb) };
  const size = { width: result.width, height: result.height };
  const entries: ManifestEntry[] = [manifestEntry(job, 'png', has, size, sha256(result.bytes))];
  if (has.bmp) entries.push(manifestEntry(job, 'bmp', has, size, sha256(result.bmp!)));
  return entries;
}

/** The whole manifest of one render run. */
export function buildManifest(baseUrl: string, entries: readonly ManifestEntry[]): { version: 1; baseUrl: string; assets: readonly ManifestEntry[] } {
  return { version: 1, baseUrl, assets: entries };
}
