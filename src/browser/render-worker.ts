/// <reference lib="webworker" />
import { init as initSatori } from 'satori/standalone';
import { renderAudited } from '../audit/audit-job.ts';
import type { Campaign, Site } from '../campaign/model.ts';
import { checkedChars } from '../render/fonts.ts';
import type { RenderJob } from '../render/job.ts';
import type { Platform } from '../render/platform.ts';
import { planJobs } from '../render/plan.ts';
import { PROFILES } from '../render/profiles.ts';
import { jobTexts, renderJob } from '../render/render.ts';
import { SliceFonts } from './fonts-browser.ts';
import { browserPlatform } from './platform-browser.ts';
import type { ErrorReply, JobReply, RenderRequest, WorkerReply, WorkerRequest } from './protocol.ts';

// The maker's render worker (issue 12, item 2): the CLI's engine — planJobs, the layouts, satori, the PNG/BMP/LED
// encoders and the legibility audit — bundled by esbuild (src/maker/build-engine.ts). Only the platform (resvg-wasm)
// and the font loading (the site's slices) are the browser's own. Message API: src/browser/protocol.ts.

declare const self: DedicatedWorkerGlobalScope;

let platform: Platform | undefined;
let fonts: SliceFonts | undefined;
/** The font index, loading since `init` arrived (a prefetch waits for it, not for the WASM). */
let fontsLoading: Promise<SliceFonts> | undefined;
let queue: Promise<unknown> = Promise.resolve();

const post = (msg: WorkerReply, transfer: Transferable[] = []) => self.postMessage(msg, transfer);
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  if (req.type === 'prefetch') {
    void fontsLoading?.then((f) => f.prefetch(req.texts)).catch(() => {}); // a failed slice is fetched again, and reported, by the render that needs it
    return;
  }
  // One request at a time, in order: a render waits for init, and a preview never interleaves with a ZIP's renders.
  queue = queue.then(() => handle(req)).catch((e: unknown) => post({ type: 'error', id: req.id, message: messageOf(e) }));
};

async function handle(req: Exclude<WorkerRequest, { type: 'prefetch' }>): Promise<void> {
  if (req.type === 'init') {
    fontsLoading = SliceFonts.load(new URL(req.fontsUrl, self.location.href));
    const [p, f] = await Promise.all([browserPlatform(new URL(req.resvgWasmUrl, self.location.href)), fontsLoading, initSatori(fetch(new URL(req.yogaWasmUrl, self.location.href)))]);
    platform = p;
    fonts = f;
    post({ type: 'ready', id: req.id });
    return;
  }
  await render(req);
}

async function render(req: RenderRequest): Promise<void> {
  if (!platform || !fonts) throw new Error('Internal error: render before init');
  const start = performance.now();
  const site: Site = { title: '', pathPrefix: req.site.pathPrefix, defaultEdition: req.campaign.edition, ...(req.site.baseUrl ? { baseUrl: req.site.baseUrl } : {}) };
  const wanted = req.profiles ? PROFILES.filter((p) => req.profiles!.includes(p.id)) : PROFILES;
  const subject = req.subject ?? 'all';
  // Planned per profile, so a slogan too long for one panel fails that panel only (the CLI stops at the first).
  const planned: { profile: string; jobs: RenderJob[] }[] = [];
  let errors = 0;
  for (const profile of wanted) {
    try {
      const jobs = planJobs(req.campaign as Campaign, site, [profile]).filter((j) => (subject === 'all' ? true : subject === 'theme' ? j.n === undefined : j.n === subject));
      planned.push({ profile: profile.id, jobs });
    } catch (e) {
      errors++;
      post({ type: 'error', id: req.id, profile: profile.id, message: messageOf(e) } satisfies ErrorReply);
    }
  }
  const jobs = planned.flatMap((p) => p.jobs);
  // The CLI's glyph check, with the slices' coverage as the font's: the same message for the same character.
  try {
    checkedChars(jobs.flatMap(jobTexts), { covers: fonts.covers });
  } catch (e) {
    post({ type: 'error', id: req.id, message: messageOf(e) });
    post({ type: 'done', id: req.id, jobs: 0, errors: errors + 1, fontBytes: fonts.fetchedBytes, ms: performance.now() - start, fontUrls: fonts.fetchedUrls });
    return;
  }
  const f = await fonts.fontsFor(jobs.flatMap(jobTexts).map((t) => t.text));
  let done = 0;
  for (const job of jobs) {
    const t0 = performance.now();
    try {
      const job2 = pngAndBmpOnly(job, req.thumbs !== false);
      const { result, audit } = req.audit === false ? { result: await renderJob(job2, f, platform), audit: undefined } : await renderAudited(job2, f, platform);
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', result.bytes as Uint8Array<ArrayBuffer>));
      const reply: JobReply = {
        type: 'job',
        id: req.id,
        jobId: job.id,
        profile: job.profile.id,
        kind: job.kind,
        text: job.text,
        url: job.url,
        path: job.path,
        ...(job.bmpPath ? { bmpPath: job.bmpPath } : {}),
        ...(job2.thumbPath ? { thumbPath: job2.thumbPath } : {}),
        width: result.width,
        height: result.height,
        png: result.bytes,
        sha256: [...digest].map((b) => b.toString(16).padStart(2, '0')).join(''),
        ...(result.bmp ? { bmp: result.bmp } : {}),
        ...(result.thumb ? { thumb: result.thumb } : {}),
        ...(audit ? { audit } : {}),
        ms: performance.now() - t0,
      };
      post(reply, [result.bytes, result.bmp, result.thumb].filter((b): b is Uint8Array => !!b).map((b) => b.buffer as ArrayBuffer));
      done++;
    } catch (e) {
      errors++;
      post({ type: 'error', id: req.id, profile: job.profile.id, message: messageOf(e) });
    }
  }
  post({ type: 'done', id: req.id, jobs: done, errors, fontBytes: fonts.fetchedBytes, ms: performance.now() - start, fontUrls: fonts.fetchedUrls });
}

/**
 * The maker makes PNG and BMP files (and thumbnails): no print PDF (pdfkit needs Node; the Node platform writes it)
 * and no GIF strip. The PNG and BMP bytes do not depend on either.
 */
function pngAndBmpOnly(job: RenderJob, thumbs: boolean): RenderJob {
  const { thumbPath, pdfPath: _p, printMarks: _m, gifPath: _g, ...rest } = job;
  return thumbs && thumbPath ? { ...rest, thumbPath } : rest;
}
