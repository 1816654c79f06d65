// A stand-in for the maker's render engine worker, for the page's own browser tests while the engine half of
// issue 12 is built elsewhere. It speaks the message API the page expects (src/maker/engine-client.ts), names
// files with the real planner (planJobs, so paths are the CLI's), and draws a flat PNG of the exact size with the
// job's name in its colour, so the page's downloads and ZIPs can be checked byte for byte. It renders no text:
// poster pixels and the audit are the engine's tests.
import { zlibSync } from 'fflate';
import type { Campaign, Site } from '../../src/campaign/model.ts';
import { planJobs } from '../../src/render/plan.ts';
import { PROFILES } from '../../src/render/profiles.ts';
import { RenderError } from '../../src/errors.ts';

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
const crc32 = (b: Uint8Array) => {
  let c = -1;
  for (const x of b) c = CRC[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
};
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  v.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}
/** A one-colour palette PNG of width × height. */
export function flatPng(width: number, height: number, rgb: [number, number, number]): Uint8Array {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 3, 0, 0, 0], 8);
  const rows = new Uint8Array(height * (width + 1));
  const parts = [new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('PLTE', new Uint8Array(rgb)), chunk('IDAT', zlibSync(rows, { level: 1 })), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}

const colour = (name: string): [number, number, number] => {
  const h = crc32(new TextEncoder().encode(name));
  return [h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff];
};

interface Req { id: number; campaign: Campaign; site: { baseUrl?: string }; n?: number; theme?: boolean; profiles: string[] }

self.addEventListener('message', (event: MessageEvent<Req>) => {
  const { id, campaign, site, n, profiles } = event.data;
  try {
    const s: Site = { title: '', pathPrefix: '/', defaultEdition: 'national', ...(site.baseUrl ? { baseUrl: site.baseUrl } : {}) };
    const chosen = { ...campaign, slogans: campaign.slogans };
    const jobs = planJobs(chosen, s, PROFILES.filter((p) => profiles.includes(p.id))).filter((j) => (n ? j.n === n : j.n === undefined));
    const files = jobs.map((j) => {
      const png = flatPng(j.width, j.height, colour(j.path));
      const audit = { path: j.path, profile: j.profile.id, kind: j.kind, text: j.text, ok: true, minCharPx: j.profile.minCharPx, minCharMm: 0, requiredPx: j.profile.minCharPx, requiredMm: 0, minContrast: 7, requiredContrast: 7, rules: [] };
      return { path: j.path, png, width: j.width, height: j.height, ...(j.bmpPath ? { bmpPath: j.bmpPath, bmp: png.slice() } : {}), audit };
    });
    (self as unknown as Worker).postMessage({ id, ok: true, files });
  } catch (e) {
    (self as unknown as Worker).postMessage({ id, ok: false, error: e instanceof RenderError ? e.message : `Internal error: ${(e as Error).message}` });
  }
});
(self as unknown as Worker).postMessage({ type: 'ready' });
