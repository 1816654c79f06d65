import type { Fonts } from '../render/fonts.ts';
import type { RenderJob } from '../render/job.ts';
import type { Platform } from '../render/platform.ts';
import { drawJob, type RenderResult } from '../render/render.ts';
import { auditAsset, type AssetAudit } from './check-asset.ts';
import { inkOutsideSafeArea } from './text-mask.ts';

// One job rendered and audited, the same in the CLI's render workers (src/kit/render-task.ts) and the browser's
// (src/browser/render-worker.ts): only the Platform and the way the Fonts were loaded differ.

export async function renderAudited(job: RenderJob, fonts: Fonts, platform: Platform): Promise<{ result: RenderResult; audit: AssetAudit }> {
  const { result, scene } = await drawJob(job, fonts, platform);
  const { bytes, bmp: _bmp, pdf: _pdf, gif: _gif, thumb: _thumb, ...meta } = result;
  // The text mask of the very layout that was drawn (a card drawn again with another QR mask included).
  const maskOutside = await inkOutsideSafeArea(job, fonts, platform, undefined, scene);
  const audit = auditAsset(job, { ...meta, maskOutside }, bytes, (cp) => fonts.has(cp));
  return { result, audit };
}
