// A stand-in for the maker's render engine worker, for the page's own browser tests while the engine half of
// issue 12 is built elsewhere. It speaks the message API the page expects (src/maker/engine-client.ts), names
// files with the real planner (planJobs, so paths are the CLI's), and draws a flat PNG of the exact size with the
// job's name in its colour, so the page's downloads and ZIPs can be checked byte for byte. It renders no text:
// poster pixels and the audit are the engine's tests.
import type { Campaign, Site } from '../../src/campaign/model.ts';
import { planJobs } from '../../src/render/plan.ts';
import { crc32, encodeIndexedPng } from '../../src/render/png-indexed.ts';
import { PROFILES } from '../../src/render/profiles.ts';
import { RenderError } from '../../src/errors.ts';

/** A one-colour palette PNG of width × height (the engine's own indexed-PNG encoder). */
export const flatPng = (width: number, height: number, rgb: [number, number, number]): Uint8Array => encodeIndexedPng(width, height, new Uint8Array(width * height), [rgb]);

const colour = (name: string): [number, number, number] => {
  const h = crc32(new TextEncoder().encode(name));
  return [h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff];
};

interface Req { type: 'init' | 'render'; id: number; campaign: Campaign; site: { baseUrl?: string; pathPrefix: string }; subject?: 'theme' | number | 'all'; profiles?: string[]; thumbs?: boolean }

// The engine's message API (src/browser/protocol.ts): init → ready; render → a job per file, an error per failure, done.
const post = (m: unknown, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);
self.addEventListener('message', (event: MessageEvent<Req>) => {
  const { id, type } = event.data;
  if (type === 'init') return post({ type: 'ready', id });
  const { campaign, site, subject = 'all', profiles } = event.data;
  const wanted = PROFILES.filter((p) => !profiles || profiles.includes(p.id));
  let jobs = 0;
  let errors = 0;
  for (const profile of wanted) {
    try {
      const s: Site = { title: '', pathPrefix: site.pathPrefix, defaultEdition: 'national', ...(site.baseUrl ? { baseUrl: site.baseUrl } : {}) };
      for (const j of planJobs(campaign, s, [profile]).filter((x) => (subject === 'all' ? true : subject === 'theme' ? x.n === undefined : x.n === subject))) {
        const png = flatPng(j.width, j.height, colour(j.path));
        const audit = { path: j.path, profile: j.profile.id, kind: j.kind, text: j.text, ok: true, minCharPx: j.profile.minCharPx, minCharMm: 0, requiredPx: j.profile.minCharPx, requiredMm: 0, minContrast: 7, requiredContrast: 7, rules: [] };
        const bmp = j.bmpPath ? png.slice() : undefined;
        post({ type: 'job', id, jobId: j.id, profile: j.profile.id, kind: j.kind, text: j.text, url: j.url, path: j.path, ...(j.bmpPath ? { bmpPath: j.bmpPath, bmp } : {}), width: j.width, height: j.height, png, audit, ms: 0 });
        jobs++;
      }
    } catch (e) {
      errors++;
      post({ type: 'error', id, profile: profile.id, message: e instanceof RenderError ? e.message : `Internal error: ${(e as Error).message}` });
    }
  }
  post({ type: 'done', id, jobs, errors, fontBytes: 0, ms: 0 });
});
