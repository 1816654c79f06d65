// `npm run bench`: the kit benchmark of issue 6. It builds the shipped 2022 national kit cold, warm (nothing
// changed) and after a one-slogan edit, screenshots the same posters the Chromium way, profiles each size class and
// measures the resvg floor; prints medians and ratios and writes bench/results.json. A benchmark, not a test: it
// never fails on timing (it exits non-zero only when something breaks, e.g. the edit re-renders the wrong count).
//
// Issue 11 added, side by side in the same run and as whole processes (`node bin/qmkit.js …`, Node start-up
// included, what a user waits for): start-up (--version, check); the small build (national 2022 on school-screen,
// community-elevator and share-og, 48 images) against the Chromium way for the same 48 images with the browser's
// start-up included; and the cold build, one-slogan edit and no-op (all shipped data) as processes.
//
//   npm run bench [-- --runs 3] [--no-chromium] [--no-profile] [--no-in-process] [--no-maker] [--keep]
//                 [--editions 10,100,365] [--edition-slogans local|add] [--edition-shards 4] [--edition-shards-at <count>] [--only-editions]
// The editions part (issue 14: sample editions at scale, sharded vs one build) is in bench/editions.ts; --editions none skips it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { planJobs } from '../src/render/plan.ts';
import { layoutJob } from '../src/render/render.ts';
import { runChromium, type ChromiumRun } from './chromium.ts';
import { benchCampaign, benchJobs, DATA_DIR, EDITION, fmt, median, mib, ROOT, SIZE_CLASSES, sizeClass, sum, table, YEAR } from './common.ts';
import type { KitBuildArgs, KitBuildResult } from './kit-build.ts';
import type { ProfileResult } from './profile.ts';
import { makerReport, runMakerBench } from './maker.ts';
import { EDITION_PROFILES, editionsBench } from './editions.ts';

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'no-chromium': { type: 'boolean', default: false },
    'no-profile': { type: 'boolean', default: false },
    'no-maker': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    editions: { type: 'string', default: '10,100,365' },
    'edition-slogans': { type: 'string', default: 'local' },
    'edition-shards': { type: 'string', default: '4' },
    'edition-shards-at': { type: 'string' },
    'only-editions': { type: 'boolean', default: false },
    'no-in-process': { type: 'boolean', default: false },
  },
});

function runEditions(): void {
  if (opts.editions === 'none') return;
  const counts = String(opts.editions).split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  process.stderr.write(`qmkit bench editions: ${counts.join(', ')} sample editions\n`);
  console.log(
    editionsBench({
      counts,
      slogans: opts['edition-slogans'] === 'add' ? 'add' : 'local',
      shards: Number(opts['edition-shards']),
      ...(opts['edition-shards-at'] ? { shardsAt: Number(opts['edition-shards-at']) } : {}),
      profiles: EDITION_PROFILES,
      keep: opts.keep,
    }),
  );
}

if (opts['only-editions']) {
  runEditions();
  process.exit(0);
}
const BIN = path.join(ROOT, 'bin', 'qmkit.js');
/** The small scenario of issue 11: three profiles of national 2022. */
const SMALL_PROFILES = ['school-screen', 'community-elevator', 'share-og'];

interface ProcessRun {
  ms: number;
  maxRssBytes: number;
  stderr: string;
  /** Images rendered, from the build's summary line (null when the build had nothing to do). */
  rendered: number | null;
}

/** `node bin/qmkit.js <args>` as a whole process in cwd, timed from spawn to exit; peak RSS from /usr/bin/time. */
function qmkit(args: string[], cwd: string): ProcessRun {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'QMKIT_MAXRSS_KB %M', process.execPath, BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, CI: 'true' } });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`bench: qmkit ${args.join(' ')} failed (exit ${r.status ?? r.signal}):\n${r.stderr}`);
  const rss = /QMKIT_MAXRSS_KB (\d+)/.exec(r.stderr);
  const rendered = /新渲染 (\d+)/.exec(r.stderr);
  return { ms, maxRssBytes: rss ? Number(rss[1]) * 1024 : NaN, stderr: r.stderr, rendered: rendered ? Number(rendered[1]) : null };
}
const RUNS = Math.max(1, Number(opts.runs));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
/** The one-slogan edit: slogan 8 of the shipped 2022 data, two characters changed. */
const EDIT = { from: '建设质量强国 共享美好生活', to: '建设质量强国 共享品质生活' };

const log = (line: string) => process.stderr.write(`${line}\n`);

function child<T>(script: string, args: string[]): T & { processMs: number } {
  const t0 = performance.now();
  const r = spawnSync(TSX, [path.join(import.meta.dirname, script), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`bench: ${script} failed (exit ${r.status ?? r.signal})`);
  const last = r.stdout.trim().split('\n').pop()!;
  // processMs: the whole child process, Node and TypeScript loader start-up included (what a user waits for).
  return { ...(JSON.parse(last) as T), processMs: performance.now() - t0 };
}

const kitBuild = (args: KitBuildArgs) => child<KitBuildResult>('kit-build.ts', [JSON.stringify(args)]);

function editedData(dir: string): string {
  cpSync(DATA_DIR, dir, { recursive: true });
  const file = path.join(dir, 'campaigns', EDITION, `${YEAR}.yaml`);
  const yaml = readFileSync(file, 'utf8');
  if (!yaml.includes(`- ${EDIT.from}\n`)) throw new Error(`bench: slogan 「${EDIT.from}」 not found in ${file}; update EDIT in bench/run.ts`);
  writeFileSync(file, yaml.replace(`- ${EDIT.from}\n`, `- ${EDIT.to}\n`));
  return dir;
}

const work = mkdtempSync(path.join(tmpdir(), 'qmkit-bench-'));
const started = performance.now();
const loadStart = loadavg()[0]!;
try {
  const { jobs, fonts } = await benchJobs();
  const classOf = new Map(jobs.map((j) => [j.path, sizeClass(j)]));
  const { campaign: edited, site } = benchCampaign(editedData(path.join(work, 'data-edited-plan')));
  const expectedEdit = planJobs(edited, site).filter((j) => j.fullText === EDIT.to).length;
  log(`qmkit bench: ${EDITION} ${YEAR}, ${jobs.length} images, ${RUNS} run(s), ${availableParallelism()} cores, load ${fmt(loadStart, 2)}; work dir ${work}`);

  const scenes = opts['no-chromium'] ? [] : jobs.map((j) => layoutJob(j, fonts));
  const cold: (KitBuildResult & { processMs: number })[] = [];
  const warm: (KitBuildResult & { processMs: number })[] = [];
  const edit: KitBuildResult[] = [];
  const chrome: ChromiumRun[] = [];
  const startup = { version: [] as number[], check: [] as number[] };
  const small: ProcessRun[] = [];
  const smallChrome: number[] = [];
  const procCold: ProcessRun[] = [];
  const procEdit: ProcessRun[] = [];
  const procNoop: ProcessRun[] = [];
  const smallJobs = jobs.filter((j) => SMALL_PROFILES.includes(j.profile.id));
  const smallScenes = opts['no-chromium'] ? [] : smallJobs.map((j) => layoutJob(j, fonts));
  for (let r = 0; r < RUNS; r++) {
    const base = { outDir: path.join(work, `out-${r}`), cacheDir: path.join(work, `cache-${r}`), edition: EDITION, year: YEAR };
    if (!opts['no-in-process']) {
      cold.push(kitBuild({ ...base, dataDir: DATA_DIR }));
      log(`  run ${r + 1}: cold ${fmt(cold[r]!.ms / 1000)} s (${cold[r]!.rendered} rendered)`);
      warm.push(kitBuild({ ...base, dataDir: DATA_DIR }));
      log(`  run ${r + 1}: warm no-op ${fmt(warm[r]!.ms / 1000)} s (${warm[r]!.rendered} rendered)`);
      edit.push(kitBuild({ ...base, dataDir: editedData(path.join(work, `data-edited-${r}`)) }));
      log(`  run ${r + 1}: one-slogan edit ${fmt(edit[r]!.ms / 1000)} s (${edit[r]!.rendered} rendered)`);
      rmSync(path.join(work, `cache-${r}`), { recursive: true, force: true });
      if (r > 0) rmSync(path.join(work, `out-${r}`), { recursive: true, force: true });
    }

    // ---- whole processes (issue 11) ----
    startup.version.push(qmkit(['--version'], ROOT).ms, qmkit(['--version'], ROOT).ms);
    startup.check.push(qmkit(['check', '--data', DATA_DIR], ROOT).ms);
    // Small: a fresh folder (so a fresh .cache/qmkit), 48 images; the Chromium way for the same images, launch included.
    const smallDir = path.join(work, `small-${r}`);
    mkdirSync(smallDir);
    const smallRun = qmkit(['build', '--data', DATA_DIR, '--out', 'out', '--edition', EDITION, '--year', String(YEAR), ...SMALL_PROFILES.flatMap((p) => ['--profile', p])], smallDir);
    small.push(smallRun);
    log(`  run ${r + 1}: small build (process) ${fmt(smallRun.ms / 1000)} s (${smallRun.rendered} rendered)`);
    if (smallScenes.length) {
      const t0 = performance.now();
      await runChromium(smallScenes, path.join(work, `chromium-small-${r}`), { runs: 1, parallel: 2, warmup: 0 });
      smallChrome.push(performance.now() - t0);
      log(`  run ${r + 1}: small, Chromium way with browser start-up ${fmt(smallChrome[r]! / 1000)} s`);
    }
    // Cold, edit and no-op as a user runs them, in one project folder (its .cache/qmkit starts empty).
    const procDir = path.join(work, `proc-${r}`);
    mkdirSync(procDir);
    const one = ['--edition', EDITION, '--year', String(YEAR)];
    procCold.push(qmkit(['build', '--data', DATA_DIR, '--out', 'out', ...one], procDir));
    log(`  run ${r + 1}: cold 2022 (process) ${fmt(procCold[r]!.ms / 1000)} s (${procCold[r]!.rendered} rendered)`);
    procEdit.push(qmkit(['build', '--data', editedData(path.join(work, `data-edited-proc-${r}`)), '--out', 'out', ...one], procDir));
    log(`  run ${r + 1}: one-slogan edit (process) ${fmt(procEdit[r]!.ms / 1000)} s (${procEdit[r]!.rendered} rendered)`);
    const allFirst = qmkit(['build', '--data', DATA_DIR, '--out', 'all'], procDir);
    procNoop.push(qmkit(['build', '--data', DATA_DIR, '--out', 'all'], procDir));
    log(`  run ${r + 1}: all shipped data ${fmt(allFirst.ms / 1000)} s (${allFirst.rendered} rendered, 2022 from the cache), then no-op (process) ${fmt(procNoop[r]!.ms / 1000)} s`);
    rmSync(smallDir, { recursive: true, force: true });
    rmSync(procDir, { recursive: true, force: true });
    if (scenes.length) {
      const [run] = await runChromium(scenes, path.join(work, 'chromium'), { runs: 1, parallel: 2, warmup: 4, keep: r === RUNS - 1 && opts.keep });
      chrome.push(run!);
      log(`  run ${r + 1}: Chromium ${fmt(run!.wallMs / 1000)} s`);
    }
  }
  const profile = opts['no-profile'] ? undefined : child<ProfileResult>('profile.ts', [String(Math.min(RUNS, 2))]);
  // The in-browser maker (issue 12): its own scenario, in Chromium on a local server (bench/maker.ts).
  const maker = opts['no-maker'] ? undefined : await runMakerBench(RUNS);

  // ---- figures ----
  const n = cold[0]?.jobs ?? jobs.length;
  const coldMs = median(cold.map((c) => c.ms));
  const coldRenderMs = median(cold.map((c) => c.stages.render ?? NaN));
  const warmMs = median(warm.map((c) => c.ms));
  const editMs = median(edit.map((c) => c.ms));
  const ours = cold[0]?.pngBytes ?? {};
  const oursBytes = sum(Object.values(ours));
  const chromeMs = median(chrome.map((c) => c.wallMs));
  const chromeBytesOf = (i: number) => median(chrome.map((c) => c.bytes[i]!));
  const chromeBytes = chrome.length ? sum(jobs.map((_, i) => chromeBytesOf(i))) : NaN;
  const ips = (count: number, ms: number) => count / (ms / 1000);
  const oursIps = ips(n, coldMs);
  const chromeIps = ips(jobs.length, chromeMs);
  const floor = (encoder: string) => profile?.floor.filter((f) => f.encoder === encoder) ?? [];
  const floorMs = (encoder: string) => median(floor(encoder).map((f) => f.wallMs));
  const floorBytes = (encoder: string) => sum(floor(encoder)[0]?.bytes ?? []);

  const classes = SIZE_CLASSES.map((cls) => {
    const idx = jobs.flatMap((j, i) => (sizeClass(j) === cls ? [i] : []));
    const prof = profile?.jobs.filter((p) => p.sizeClass === cls) ?? [];
    const perImage = (encoder: string) => median(idx.map((i) => median(floor(encoder).map((f) => f.ms[i]!))));
    const oursB = sum(jobs.filter((j) => classOf.get(j.path) === cls).map((j) => ours[j.path] ?? 0));
    const chromeB = chrome.length ? sum(idx.map(chromeBytesOf)) : NaN;
    return {
      sizeClass: cls,
      images: idx.length,
      layoutSatoriMs: median(prof.map((p) => p.svgMs)),
      renderMs: median(prof.map((p) => p.renderMs)),
      auditMs: median(prof.map((p) => p.auditMs)),
      floorPaletteMs: perImage('palette'),
      floorResvgPngMs: perImage('resvg'),
      oursKiB: oursB / 1024 / idx.length,
      chromiumKiB: chromeB / 1024 / idx.length,
      bytesRatio: oursB / chromeB,
    };
  });

  // The slowest image of each layout at each size (one thread): what a user waits for at worst per file.
  const layoutOf = new Map(jobs.map((j) => [j.id, j.profile.layout]));
  const slowGroups = new Map<string, { layout: string; size: string; images: number; renderMs: number; auditMs: number }>();
  for (const p of profile?.jobs ?? []) {
    const layout = layoutOf.get(p.id) ?? '?';
    const key = `${layout} ${p.width}×${p.height}`;
    const g = slowGroups.get(key) ?? { layout, size: `${p.width}×${p.height}`, images: 0, renderMs: 0, auditMs: 0 };
    g.images++;
    g.renderMs = Math.max(g.renderMs, p.renderMs);
    g.auditMs = Math.max(g.auditMs, p.auditMs);
    slowGroups.set(key, g);
  }
  const slowest = [...slowGroups.values()].sort((x, y) => x.layout.localeCompare(y.layout) || y.renderMs - x.renderMs);

  const results = {
    date: new Date().toISOString(),
    machine: { cores: availableParallelism(), cpu: cpus()[0]?.model ?? '', memGiB: totalmem() / 2 ** 30, node: process.version, loadStart, loadEnd: loadavg()[0]! },
    kit: { edition: EDITION, year: YEAR, images: n, runs: RUNS },
    cold: { medianMs: coldMs, renderStageMedianMs: coldRenderMs, imagesPerSec: oursIps, renderStageImagesPerSec: ips(n, coldRenderMs), cpuMsMedian: median(cold.map((c) => c.cpuMs)), runsMs: cold.map((c) => c.ms), stages: cold.map((c) => c.stages) },
    warmNoOp: { medianMs: warmMs, percentOfCold: (100 * warmMs) / coldMs, processMedianMs: median(warm.map((c) => c.processMs)), coldProcessMedianMs: median(cold.map((c) => c.processMs)), rendered: warm.map((c) => c.rendered), runsMs: warm.map((c) => c.ms) },
    oneSloganEdit: { from: EDIT.from, to: EDIT.to, expected: expectedEdit, rendered: edit.map((c) => c.rendered), medianMs: editMs, runsMs: edit.map((c) => c.ms) },
    peakRssBytes: { cold: Math.max(...cold.map((c) => c.maxRssBytes)), warm: Math.max(...warm.map((c) => c.maxRssBytes)), edit: Math.max(...edit.map((c) => c.maxRssBytes)) },
    pngBytes: { images: oursBytes, allPngsInOutput: cold[0]?.allPngBytes ?? NaN },
    chromium: chrome.length ? { medianMs: chromeMs, imagesPerSec: chromeIps, runsMs: chrome.map((c) => c.wallMs), pngBytes: chromeBytes, parallelPages: 2 } : null,
    ratios: chrome.length ? { imagesPerSecOursOverChromium: oursIps / chromeIps, renderStageImagesPerSecOverChromium: ips(n, coldRenderMs) / chromeIps, pngBytesOursOverChromium: oursBytes / chromeBytes } : null,
    resvgFloor: profile
      ? {
          threads: floor('palette')[0]?.threads ?? 0,
          palette: { medianMs: floorMs('palette'), imagesPerSec: ips(n, floorMs('palette')), pngBytes: floorBytes('palette') },
          resvgPng: { medianMs: floorMs('resvg'), imagesPerSec: ips(n, floorMs('resvg')), pngBytes: floorBytes('resvg') },
        }
      : null,
    processes: {
      startupMs: { versionMedian: median(startup.version), checkMedian: median(startup.check), version: startup.version, check: startup.check },
      small: {
        images: smallJobs.length,
        profiles: SMALL_PROFILES,
        medianMs: median(small.map((x) => x.ms)),
        runsMs: small.map((x) => x.ms),
        chromiumWithStartupMedianMs: median(smallChrome),
        chromiumRunsMs: smallChrome,
        oursOverChromium: median(smallChrome) / median(small.map((x) => x.ms)),
      },
      cold2022: { medianMs: median(procCold.map((x) => x.ms)), runsMs: procCold.map((x) => x.ms), overChromium: chrome.length ? chromeMs / median(procCold.map((x) => x.ms)) : null },
      edit2022: { medianMs: median(procEdit.map((x) => x.ms)), runsMs: procEdit.map((x) => x.ms), rendered: procEdit.map((x) => x.rendered), percentOfCold: (100 * median(procEdit.map((x) => x.ms))) / median(procCold.map((x) => x.ms)) },
      noOpAllData: { medianMs: median(procNoop.map((x) => x.ms)), runsMs: procNoop.map((x) => x.ms), percentOfCold2022: (100 * median(procNoop.map((x) => x.ms))) / median(procCold.map((x) => x.ms)) },
      peakRssBytes: Math.max(...[...small, ...procCold, ...procEdit, ...procNoop].map((x) => x.maxRssBytes)),
      // Each process's peak, by scenario, in run order: which one comes near the 1 GiB target.
      peakRssBytesByScenario: { small: small.map((x) => x.maxRssBytes), cold2022: procCold.map((x) => x.maxRssBytes), edit2022: procEdit.map((x) => x.maxRssBytes), noOpAllData: procNoop.map((x) => x.maxRssBytes) },
    },
    sizeClasses: classes,
    slowestByLayoutAndSize: slowest,
    maker: maker ?? null,
    benchSeconds: (performance.now() - started) / 1000,
  };
  writeFileSync(path.join(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

  // ---- report ----
  const out: string[] = [];
  const gib = (b: number) => `${fmt(b / 2 ** 30, 2)} GiB`;
  out.push(`qmkit bench — ${EDITION} ${YEAR}: ${n} images (every profile × theme + 15 slogans), ${RUNS} run(s), medians; ${results.machine.cores} cores, load ${fmt(loadStart, 1)} → ${fmt(results.machine.loadEnd, 1)}`);
  out.push('');
  const P = results.processes;
  out.push('whole processes (node bin/qmkit.js …, Node start-up included; medians; ratios from the same run)');
  out.push(`start-up          --version ${fmt(P.startupMs.versionMedian / 1000, 2)} s, check ${fmt(P.startupMs.checkMedian / 1000, 2)} s`);
  out.push(`small build       ${fmt(P.small.medianMs / 1000)} s for ${P.small.images} images (${SMALL_PROFILES.join(', ')}); Chromium way with browser start-up ${fmt(P.small.chromiumWithStartupMedianMs / 1000)} s → ours ${fmt(P.small.oursOverChromium, 2)}× faster`);
  out.push(`cold 2022         ${fmt(P.cold2022.medianMs / 1000)} s${P.cold2022.overChromium ? ` → ${fmt(P.cold2022.overChromium, 2)}× the Chromium way (${fmt(chromeMs / 1000)} s, warmed up, start-up excluded)` : ''}`);
  out.push(`one-slogan edit   ${fmt(P.edit2022.medianMs / 1000)} s = ${fmt(P.edit2022.percentOfCold)} % of cold (rendered ${P.edit2022.rendered.join('/')}; expected ${expectedEdit})`);
  out.push(`no-op, all data   ${fmt(P.noOpAllData.medianMs / 1000, 2)} s = ${fmt(P.noOpAllData.percentOfCold2022)} % of cold 2022`);
  out.push(`peak RSS          ${gib(P.peakRssBytes)} (largest of these processes, /usr/bin/time)`);
  for (const [name, peaks] of Object.entries(P.peakRssBytesByScenario)) out.push(`  ${name.padEnd(15)} ${peaks.map((b) => fmt(b / 2 ** 30, 2)).join(' / ')} GiB`);
  out.push('');
  if (cold.length) out.push('in-process (buildKit, the build\'s own clock)');
  if (cold.length) out.push(`cold build        ${fmt(coldMs / 1000)} s  → ${fmt(oursIps, 2)} images/s  (render stage ${fmt(coldRenderMs / 1000)} s → ${fmt(ips(n, coldRenderMs), 2)} images/s; CPU ${fmt(results.cold.cpuMsMedian / 1000)} s)`);
  if (cold.length) out.push(`warm no-op        ${fmt(warmMs / 1000)} s  = ${fmt(results.warmNoOp.percentOfCold)} % of cold, rendered ${warm.map((c) => c.rendered).join('/')} (whole process with Node start-up: ${fmt(results.warmNoOp.processMedianMs / 1000)} s vs ${fmt(results.warmNoOp.coldProcessMedianMs / 1000)} s cold)`);
  if (cold.length) out.push(`one-slogan edit   ${fmt(editMs / 1000)} s  rendered ${edit.map((c) => c.rendered).join('/')} (that slogan's assets: ${expectedEdit})`);
  if (cold.length) out.push(`peak RSS          cold ${gib(results.peakRssBytes.cold)}, warm ${gib(results.peakRssBytes.warm)}, edit ${gib(results.peakRssBytes.edit)} (process maxRSS, workers included)`);
  if (cold.length) out.push(`PNG bytes         ${fmt(mib(oursBytes))} MiB for the ${n} images (${fmt(mib(cold[0]!.allPngBytes))} MiB with thumbnails and contact sheet)`);
  if (chrome.length) {
    out.push(`Chromium          ${fmt(chromeMs / 1000)} s  → ${fmt(chromeIps, 2)} images/s, 2 pages, warmed up; PNG ${fmt(mib(chromeBytes))} MiB`);
    out.push(`ours / Chromium   images/s ${fmt(results.ratios!.imagesPerSecOursOverChromium, 2)}× (render stage ${fmt(results.ratios!.renderStageImagesPerSecOverChromium, 2)}×), PNG bytes ${fmt(results.ratios!.pngBytesOursOverChromium, 2)}×`);
  }
  if (results.resvgFloor) {
    const f = results.resvgFloor;
    out.push(`resvg floor       ${fmt(f.palette.medianMs / 1000)} s → ${fmt(f.palette.imagesPerSec, 2)} images/s on ${f.threads} threads (rasterise + encode the made SVGs; resvg's own PNG encoder: ${fmt(f.resvgPng.medianMs / 1000)} s, ${fmt(mib(f.resvgPng.pngBytes))} MiB vs ${fmt(mib(f.palette.pngBytes))} MiB)`);
  }
  out.push('');
  out.push('per size class (ms per image: one thread, median; KiB per image)');
  out.push(
    table([
      ['class', 'images', 'layout+satori', 'render', 'audit', 'floor ours', 'floor resvg-png', 'ours KiB', 'Chromium KiB', 'bytes ours/Chr'],
      ...classes.map((c) => [c.sizeClass, c.images, fmt(c.layoutSatoriMs, 0), fmt(c.renderMs, 0), fmt(c.auditMs, 0), fmt(c.floorPaletteMs, 0), fmt(c.floorResvgPngMs, 0), fmt(c.oursKiB, 0), fmt(c.chromiumKiB, 0), fmt(c.bytesRatio, 2)]),
    ]),
  );
  out.push('');
  if (slowest.length) {
    out.push('');
    out.push('slowest image per layout and size (ms, one thread)');
    out.push(table([['layout', 'size', 'images', 'render max', 'audit max'], ...slowest.map((g) => [g.layout, g.size, g.images, fmt(g.renderMs, 0), fmt(g.auditMs, 0)])]));
    out.push('');
  }
  if (maker) out.push(...makerReport(maker), '');
  out.push(`(render = layout + satori + rasterise + encode + thumbnail; audit = the legibility audit the build runs on each PNG.) Written to bench/results.json in ${fmt(results.benchSeconds, 0)} s.`);
  console.log(out.join('\n'));
  // The edit check is about correctness, not timing: a wrong count is a real failure.
  if (edit.some((c) => c.rendered !== expectedEdit) || warm.some((c) => c.rendered !== 0) || procEdit.some((c) => c.rendered !== expectedEdit) || procNoop.some((c) => !c.stderr.includes('没有改动'))) {
    console.error('bench: the cache re-rendered the wrong number of images (see above)');
    process.exitCode = 1;
  }
} finally {
  if (!opts.keep) rmSync(work, { recursive: true, force: true });
}
runEditions();
