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
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The PNG's entry, and the BMP's for LED jobs (same fields, its own path and hash). */
export function manifestEntries(job: RenderJob, result: Pick<RenderResult, 'bytes' | 'bmp' | 'width' | 'height'>): ManifestEntry[] {
  const base = { edition: job.edition, year: job.year, kind: job.kind, profile: job.profile.id, width: result.width, height: result.height };
  const tail = { text: job.text, url: job.url };
  const entries: ManifestEntry[] = [{ ...base, path: job.path, sha256: sha256(result.bytes), ...tail }];
  if (job.bmpPath && result.bmp) entries.push({ ...base, path: job.bmpPath, sha256: sha256(result.bmp), ...tail });
  return entries;
}

/** The whole manifest of one render run. */
export function buildManifest(baseUrl: string, entries: readonly ManifestEntry[]): { version: 1; baseUrl: string; assets: readonly ManifestEntry[] } {
  return { version: 1, baseUrl, assets: entries };
}
