import path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import type { Fonts } from '../render/fonts.ts';
import { fontsFromSubsets } from '../render/fonts-node.ts';
import type { RenderJob } from '../render/job.ts';
import { nodePlatform } from '../render/platform-node.ts';
import type { Platform } from '../render/platform.ts';
import { cacheMemo, diskCache, type CachedResult } from './cache.ts';
import { cellStore, labelFontFiles, storeTiles, type CellsAt } from './contact-sheet.ts';
import { renderAudited } from '../audit/audit-job.ts';
import { freeNative } from './gc.ts';
import { assemble, type PacksInput, type SheetInput, type VerifyInput } from './assemble-task.ts';

// Runs inside a worker thread: parses the build's subset fonts once (they arrive in shared memory with each task,
// under an id), then renders jobs. A warm-up task only loads this module (satori, resvg, the layouts) early. Once
// the renders are done, the same threads draw the contact sheets, zip the packs and check the images' files
// (assemble-task.ts): two more threads started for them cost an edit of the 2022 kit ~0.5 s of CPU (their start and
// code load) beside the site.
let fonts: { id: string; fonts: Fonts } | undefined;

/** The fonts a task carries (see renderer.ts): subset bytes in shared memory and their id. */
interface TaskFonts {
  readonly id: string;
  readonly subsets: Readonly<Record<keyof Fonts['subsets'], Uint8Array>>;
}

/** Where the engine keeps its QR answers between builds (Platform.memo): the build's cache folder and version. */
interface TaskMemo {
  readonly dir: string;
  readonly version: string;
}

let platform: { memo?: TaskMemo; platform: Platform } = { platform: nodePlatform };

/** Pixel buffers (outside V8's heap) left by earlier renders that trigger a collection: about one A3 poster's. */
const EXTERNAL_LIMIT = 96 * 2 ** 20;

export default async function task(
  input: { warm: true } | { job: RenderJob; fonts: TaskFonts; memo?: TaskMemo; cells?: CellsAt } | SheetInput | PacksInput | VerifyInput,
): Promise<CachedResult | Uint8Array | string[] | string | null> {
  if ('warm' in input) return null;
  if (!('job' in input)) return assemble(input);
  if (fonts?.id !== input.fonts.id) {
    // A private copy of the shared bytes: the parsers keep views into them.
    const own = Object.fromEntries(Object.entries(input.fonts.subsets).map(([w, b]) => [w, new Uint8Array(b)])) as unknown as Fonts['subsets'];
    fonts = { id: input.fonts.id, fonts: fontsFromSubsets(own) };
  }
  const { memo } = input;
  if (platform.memo?.dir !== memo?.dir || platform.memo?.version !== memo?.version) {
    platform = memo ? { memo, platform: { ...nodePlatform, memo: cacheMemo(diskCache(memo.dir), memo.version) } } : { platform: nodePlatform };
  }
  const result = await renderAndAudit(input.job, fonts.fonts, platform.platform);
  // The contact sheet's tile of this image, drawn here and now rather than by the one worker that draws the sheet
  // once every render is done: an edit of the 2022 kit drew its 20 new tiles there, on the build's critical path.
  if (input.cells) storeRenderTiles(input.job, result, input.fonts, input.cells);
  // A print poster leaves ~140 MB of pixel buffers behind (resvg's pixmap and its copy in a Buffer), and only a full
  // collection frees them: their wrappers outlive a minor one. Collect once a poster's worth has piled up (peak RSS
  // ≤ 1 GiB, issues 6 and 11); a full collection costs ~25 ms, so not after every job. Until gc.ts asked for it with a
  // bare gc(), the "full" collection here was a scavenge on Node 20, which left a worker holding ~150 MB of old
  // buffers until V8 collected them on its own: the 2022 kit peaked at 0.8–1.07 GiB, now at 0.69–0.83 GiB. After any
  // other job a minor collection (~1 ms) collects the job's young garbage. Keeping freed memory longer
  // (MIMALLOC_PURGE_DELAY=1000) saved ~4 % of the time but took the 2022 kit past a 1 GiB peak.
  // The event loop turns once before the next task. Node runs N-API finalizers from the event loop, and
  // Tinypool's workers wait for the next task in Atomics.wait, so without this turn no resvg pixmap (native memory,
  // 70 MB for a print poster) is ever freed during a build: peak RSS went past 5 GB for the 2022 kit (issue 6).
  await freeNative(getHeapStatistics().external_memory > EXTERNAL_LIMIT ? 'major' : 'minor');
  return result;
}

function storeRenderTiles(job: RenderJob, result: CachedResult, taskFonts: TaskFonts, cells: CellsAt): void {
  const meta = result.meta as { width?: number; height?: number } | null;
  const asset = { path: job.path, width: meta?.width ?? job.width, height: meta?.height ?? job.height };
  const read = (p: string) => (p === job.thumbPath ? result.files.thumb : p === job.path ? result.files.png : undefined);
  // The label fonts are kept in the cache folder under the fonts' id, written by whichever worker needs them first.
  storeTiles([asset], read, () => labelFontFiles(path.join(cells.dir, 'label-fonts', taskFonts.id), taskFonts.subsets), cellStore(cells));
}

/** Renders a job and audits the result; the cache stores the bytes with the audit that describes them. */
export async function renderAndAudit(job: RenderJob, fonts: Fonts, platform: Platform = nodePlatform): Promise<CachedResult> {
  const { result, audit } = await renderAudited(job, fonts, platform);
  const { bytes, bmp, pdf, gif, thumb, ...meta } = result;
  return { files: { png: bytes, ...(bmp ? { bmp } : {}), ...(pdf ? { pdf } : {}), ...(gif ? { gif } : {}), ...(thumb ? { thumb } : {}) }, meta: { ...meta, audit } };
}
