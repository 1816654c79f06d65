import { createHash } from 'node:crypto';
import type { RenderJob } from './job.ts';
import { BLEED_MM } from './print-pdf.ts';
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
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The files of a job, each with its manifest entry minus its hash: the PNG; the BMP and the scrolling GIF of LED
 * jobs; the print PDF of print posters. Every entry has the job's fields and its own path and format. A GIF's
 * width and height are the panel's (its frames); a PDF's are the PNG's pixels, with its paper size in trimMm.
 */
export function assetFiles(job: RenderJob, present: Readonly<Record<string, unknown>>, size: { width: number; height: number }): { file: string; asset: Omit<ManifestEntry, 'sha256'> }[] {
  const base = { edition: job.edition, year: job.year, kind: job.kind, profile: job.profile.id, width: size.width, height: size.height };
  const tail = { text: job.text, url: job.url };
  const out: { file: string; asset: Omit<ManifestEntry, 'sha256'> }[] = [{ file: 'png', asset: { ...base, path: job.path, format: 'png', ...tail } }];
  if (job.bmpPath && present.bmp) out.push({ file: 'bmp', asset: { ...base, path: job.bmpPath, format: 'bmp', ...tail } });
  if (job.gifPath && present.gif) out.push({ file: 'gif', asset: { ...base, width: job.profile.width, height: job.profile.height, path: job.gifPath, format: 'gif', ...tail } });
  if (job.pdfPath && present.pdf && job.profile.trimMm) {
    out.push({ file: 'pdf', asset: { ...base, path: job.pdfPath, format: 'pdf', ...tail, trimMm: job.profile.trimMm, bleedMm: BLEED_MM } });
  }
  return out;
}

/** The manifest entries of one render result (`qmkit render`; the kit's build lists the same through assetFiles). */
export function manifestEntries(job: RenderJob, result: Pick<RenderResult, 'bytes' | 'bmp' | 'gif' | 'pdf' | 'width' | 'height'>): ManifestEntry[] {
  const files: Record<string, Uint8Array | undefined> = { png: result.bytes, bmp: result.bmp, gif: result.gif, pdf: result.pdf };
  // Keys in the contract's order: …, path, format, sha256, text, url, then the print fields.
  return assetFiles(job, files, result).map(({ file, asset: { text, url, trimMm, bleedMm, ...head } }) => ({
    ...head,
    sha256: sha256(files[file]!),
    text,
    url,
    ...(trimMm ? { trimMm } : {}),
    ...(bleedMm !== undefined ? { bleedMm } : {}),
  }));
}

/** The whole manifest of one render run. */
export function buildManifest(baseUrl: string, entries: readonly ManifestEntry[]): { version: 1; baseUrl: string; assets: readonly ManifestEntry[] } {
  return { version: 1, baseUrl, assets: entries };
}
