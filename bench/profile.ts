// Per-image costs of the benchmark kit, in its own process: each job rendered on one thread (layout + satori,
// rasterise + encode, thumbnail, audit), then the resvg floor on two worker threads. Output: one JSON line.
// Used by bench/run.ts.
import { nodePlatform } from '../src/render/platform-node.ts';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { auditAsset } from '../src/audit/check-asset.ts';
import { layoutJob, renderJob, toSvg } from '../src/render/render.ts';
import { benchJobs, sizeClass, type SizeClass } from './common.ts';
import type { FloorItem } from './floor-task.ts';

export interface JobProfile {
  id: string;
  sizeClass: SizeClass;
  width: number;
  height: number;
  /** layoutJob + satori (toSvg). */
  svgMs: number;
  /** renderJob: layout, satori, rasterise + encode, thumbnail (what a worker does before the audit). */
  renderMs: number;
  /** The legibility audit of the rendered PNG (runs in the worker too). */
  auditMs: number;
}

export interface FloorRun {
  encoder: FloorItem['encoder'];
  threads: number;
  wallMs: number;
  /** Per image, as measured inside the worker. */
  ms: number[];
  bytes: number[];
}

export interface ProfileResult {
  jobs: JobProfile[];
  floor: FloorRun[];
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

async function floorRun(items: FloorItem[], threads: number): Promise<FloorRun> {
  const workers = await Promise.all(
    Array.from({ length: threads }, () => {
      const w = new Worker(new URL('./floor-worker.js', import.meta.url));
      return new Promise<Worker>((resolve, reject) => {
        w.once('message', () => resolve(w));
        w.once('error', reject);
      });
    }),
  );
  const ms = new Array<number>(items.length);
  const bytes = new Array<number>(items.length);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          let current = -1;
          const send = () => {
            if (next >= items.length) return resolve();
            current = next++;
            w.postMessage(items[current]);
          };
          w.on('message', (r: { ms: number; bytes: number }) => {
            ms[current] = r.ms;
            bytes[current] = r.bytes;
            send();
          });
          w.once('error', reject);
          send();
        }),
    ),
  );
  const wallMs = performance.now() - started;
  await Promise.all(workers.map((w) => w.terminate()));
  return { encoder: items[0]!.encoder, threads, wallMs, ms, bytes };
}

const rounds = Number(process.argv[2] ?? 2);
const { jobs, fonts } = await benchJobs();
const profiles: JobProfile[] = [];
const svgs: string[] = [];
for (const job of jobs) {
  let t = performance.now();
  const svg = await toSvg(layoutJob(job, fonts), fonts);
  const svgMs = performance.now() - t;
  t = performance.now();
  const result = await renderJob(job, fonts, nodePlatform);
  const renderMs = performance.now() - t;
  t = performance.now();
  auditAsset(job, result, result.bytes, (cp) => fonts.has(cp));
  const auditMs = performance.now() - t;
  svgs.push(svg);
  profiles.push({ id: job.id, sizeClass: sizeClass(job), width: job.width, height: job.height, svgMs, renderMs, auditMs });
  await tick();
}

const threads = Math.min(2, availableParallelism());
const floor: FloorRun[] = [];
for (let r = 0; r < rounds; r++) {
  for (const encoder of ['palette', 'resvg'] as const) {
    const items = jobs.map((job, i): FloorItem => ({ svg: svgs[i]!, width: job.width, led: job.profile.layout === 'led' ? job.profile.colourMode : null, encoder }));
    floor.push(await floorRun(items, threads));
  }
}
process.stdout.write(`${JSON.stringify({ jobs: profiles, floor } satisfies ProfileResult)}\n`);
