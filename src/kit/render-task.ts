import Tinypool from 'tinypool';
import { fontsFromSubsets, type Fonts } from '../render/fonts.ts';
import type { RenderJob } from '../render/job.ts';
import { renderJob } from '../render/render.ts';
import type { CachedResult } from './cache.ts';
import { auditAsset } from '../audit/check-asset.ts';

// Runs inside a worker thread: parses the build's subset fonts once, then renders jobs.
let fonts: Fonts | undefined;

export default async function task({ job }: { job: RenderJob }): Promise<CachedResult> {
  fonts ??= fontsFromSubsets((Tinypool.workerData as { subsets: Fonts['subsets'] }).subsets);
  return renderAndAudit(job, fonts);
}

/** Renders a job and audits the result; the cache stores the bytes with the audit that describes them. */
export async function renderAndAudit(job: RenderJob, fonts: Fonts): Promise<CachedResult> {
  const { bytes, bmp, thumb, ...meta } = await renderJob(job, fonts);
  const audit = auditAsset(job, meta, bytes, (cp) => fonts.has(cp));
  return { files: { png: bytes, ...(bmp ? { bmp } : {}), ...(thumb ? { thumb } : {}) }, meta: { ...meta, audit } };
}
