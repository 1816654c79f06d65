import Tinypool from 'tinypool';
import { fontsFromSubsets, type Fonts } from '../render/fonts.ts';
import type { RenderJob } from '../render/job.ts';
import { renderJob } from '../render/render.ts';
import type { CachedResult } from './cache.ts';

// Runs inside a worker thread: parses the build's subset fonts once, then renders jobs.
let fonts: Fonts | undefined;

export default async function task({ job }: { job: RenderJob }): Promise<CachedResult> {
  fonts ??= fontsFromSubsets((Tinypool.workerData as { subsets: Fonts['subsets'] }).subsets);
  return toCached(await renderJob(job, fonts));
}

/** The render result as the cache stores it: named byte blobs plus the audit's measurements. */
export function toCached(result: Awaited<ReturnType<typeof renderJob>>): CachedResult {
  const { bytes, bmp, thumb, ...meta } = result;
  return { files: { png: bytes, ...(bmp ? { bmp } : {}), ...(thumb ? { thumb } : {}) }, meta };
}
