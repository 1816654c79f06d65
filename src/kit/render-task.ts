import Tinypool from 'tinypool';
import { fontsFromSubsets, type Fonts } from '../render/fonts.ts';
import type { RenderJob } from '../render/job.ts';
import { renderJob } from '../render/render.ts';
import type { CachedResult } from './cache.ts';
import { auditAsset } from '../audit/check-asset.ts';
import { inkOutsideSafeArea } from '../audit/text-mask.ts';

// Runs inside a worker thread: parses the build's subset fonts once, then renders jobs.
let fonts: Fonts | undefined;

export default async function task({ job }: { job: RenderJob }): Promise<CachedResult> {
  fonts ??= fontsFromSubsets((Tinypool.workerData as { subsets: Fonts['subsets'] }).subsets);
  const result = await renderAndAudit(job, fonts);
  // Let the event loop turn once before the next task. Node runs N-API finalizers from the event loop, and
  // Tinypool's workers wait for the next task in Atomics.wait, so without this turn no resvg pixmap (native memory,
  // 70 MB for a print poster) is ever freed during a build: peak RSS went past 5 GB for the 2022 kit (issue 6).
  await new Promise((resolve) => setImmediate(resolve));
  return result;
}

/** Renders a job and audits the result; the cache stores the bytes with the audit that describes them. */
export async function renderAndAudit(job: RenderJob, fonts: Fonts): Promise<CachedResult> {
  const { bytes, bmp, thumb, ...meta } = await renderJob(job, fonts);
  const maskOutside = await inkOutsideSafeArea(job, fonts);
  const audit = auditAsset(job, { ...meta, maskOutside }, bytes, (cp) => fonts.has(cp));
  return { files: { png: bytes, ...(bmp ? { bmp } : {}), ...(thumb ? { thumb } : {}) }, meta: { ...meta, audit } };
}
