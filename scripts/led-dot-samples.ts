// Draws docs/samples/led-dots-*-x8.png: 2022's LED pages on the 16-dot panels, before (the vector font thresholded
// at 16 px, as the kit drew them until issue 13) and after (GNU Unifont's 16×16 dot glyphs), 8× with visible dots.
//
//   npx tsx scripts/led-dot-samples.ts
import { writeFileSync } from 'node:fs';
import { loadKitData } from '../src/campaign/load.ts';
import { usesDotGlyphs } from '../src/render/dot-font.ts';
import { buildFonts, loadFontFiles } from '../src/render/fonts.ts';
import { ledScene } from '../src/render/layouts/led.ts';
import { encodeLed, ledPalette } from '../src/render/led.ts';
import { encodeIndexedPng } from '../src/render/png-indexed.ts';
import { planJobs } from '../src/render/plan.ts';
import { jobTexts, renderJob, toSvg } from '../src/render/render.ts';
import { decodePng } from '../src/audit/qr-decode.ts';

const SCALE = 8;
const GAP = 24;
const kit = loadKitData('data');
const campaign = kit.campaigns.find((c) => c.edition === 'national' && c.year === 2022)!;
const cases: [string, number[]][] = [
  ['transit-bus-led', [1, 10, 13]],
  ['community-led-128x32', [6, 7]],
];
const all = planJobs(campaign, kit.site).filter((j) => j.profile.layout === 'led');
const fonts = await buildFonts(all.flatMap(jobTexts), loadFontFiles());

// Output palette: 0 panel black, 1 unlit dot, then the panel's dot colours.
for (const [profile, slogans] of cases) {
  const jobs = all.filter((j) => j.profile.id === profile && j.kind === 'led-page' && slogans.includes(j.n!) && usesDotGlyphs(j));
  const panel = ledPalette(jobs[0]!.profile.colourMode);
  const w = jobs[0]!.width;
  const h = jobs[0]!.height;
  const outW = 2 * w * SCALE + GAP * 3;
  const outH = jobs.length * h * SCALE + GAP * (jobs.length + 1);
  const out = new Uint8Array(outW * outH);
  const put = (ox: number, oy: number, rgba: Uint8Array) => {
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 4;
        const lit = panel.findIndex((c, k) => k > 0 && c[0] === rgba[i] && c[1] === rgba[i + 1] && c[2] === rgba[i + 2]);
        for (let dy = 1; dy < SCALE - 1; dy++)
          for (let dx = 1; dx < SCALE - 1; dx++) {
            // Round dots: leave the corners of each 8×8 cell dark.
            if ((dx === 1 || dx === SCALE - 2) && (dy === 1 || dy === SCALE - 2)) continue;
            out[(oy + y * SCALE + dy) * outW + ox + x * SCALE + dx] = lit > 0 ? lit + 1 : 1;
          }
      }
  };
  for (const [row, job] of jobs.entries()) {
    const before = encodeLed(await toSvg(ledScene(job, fonts), fonts), job.profile.colourMode).png;
    const after = (await renderJob(job, fonts)).bytes;
    const oy = GAP + row * (h * SCALE + GAP);
    put(GAP, oy, decodePng(before).data);
    put(2 * GAP + w * SCALE, oy, decodePng(after).data);
  }
  const palette: [number, number, number][] = [[0, 0, 0], [38, 38, 38], ...panel.slice(1).map((c) => [...c] as [number, number, number])];
  const file = `docs/samples/led-dots--${profile}--before-after-x8.png`;
  writeFileSync(file, encodeIndexedPng(outW, outH, out, palette));
  console.log(file, jobs.map((j) => j.name).join(' '));
}
