import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Tinypool from 'tinypool';
import { startSubsetter, type Subsetter } from '../render/subsetter.ts';

// The render workers (and a first build's font subsetter), started by a module light enough to load before the
// build's own code: `qmkit build` starts them before it loads the rest, so that they load theirs meanwhile.

/**
 * The render worker's entry: render-worker.mjs beside the compiled code (it runs render-task.cjs with V8's code cache),
 * the copy beside this module when it runs compiled (bin/qmkit.js), or the one bin/runtime.js compiles from the current
 * sources when it runs from TypeScript (tests, tsx). Either way the workers load plain JavaScript, no TypeScript
 * loader: they start in a fraction of the time and each takes ~150 MB less (peak RSS, issue 6).
 */
export async function workerEntry(): Promise<string> {
  const name = 'render-worker.mjs';
  if (!import.meta.url.endsWith('.ts')) return new URL(`${import.meta.url.includes('/chunks/') ? '../' : './'}${name}`, import.meta.url).href;
  // @ts-expect-error: bin/runtime.js is plain JavaScript without type declarations.
  const { ensureCompiled } = (await import('../../bin/runtime.js')) as { ensureCompiled(): Promise<string> };
  return pathToFileURL(path.join(await ensureCompiled(), name)).href;
}

/** Render workers started ahead of the plan: each loads the compiled render code (a warm-up task) meanwhile. */
export interface StartedPool {
  readonly threads: number;
  /** A font-subsetting worker started with the pool (a first build: nothing cached to reuse). */
  readonly subsetter?: Subsetter;
  readonly pool: Promise<Tinypool>;
  readonly warming: Promise<unknown>;
  /** Runs a task on the pool (render, sheet, packs, check): tracked in `inFlight` until it settles. */
  run(task: unknown): Promise<unknown>;
  readonly inFlight: ReadonlySet<Promise<unknown>>;
}

/**
 * Starts `threads` render workers now. A build calls this before it reads its data, so that the workers load their
 * code (~0.3 s each) on the second core while the main thread validates and plans; createRenderer takes them over.
 * Whoever starts a pool stops it (stopRenderPool, or the renderer's close()).
 */
export function startRenderPool(threads: number, subset = false): StartedPool {
  // A smaller young generation than V8's default (a render's garbage is short-lived; each job ends with a minor
  // collection anyway, see render-task.ts): peak RSS of the 2022 kit −40–140 MB in alternating runs, no slower.
  const resourceLimits = { maxYoungGenerationSizeMb: 16 };
  const pool = workerEntry().then((filename) => new Tinypool({ filename, minThreads: threads, maxThreads: threads, resourceLimits }));
  const warming = pool.then((made) => Promise.all(Array.from({ length: threads }, () => made.run({ warm: true }))));
  // Failures surface where the pool is used (render) or stopped; until then they must not count as unhandled.
  pool.catch(() => {});
  warming.catch(() => {});
  const tasks = new Set<Promise<unknown>>();
  const run = (task: unknown) => {
    const done = pool.then((made) => made.run(task));
    tasks.add(done);
    void done.catch(() => {}).finally(() => tasks.delete(done));
    return done;
  };
  return { threads, pool, warming, run, inFlight: tasks, ...(subset ? { subsetter: startSubsetter() } : {}) };
}

/**
 * Stops the workers once they are idle: the tasks not yet started are cancelled, the ones running are waited for
 * (a render takes at most about a second). A worker terminated in the middle of a task can take its process down:
 * ended between making a zlib stream and initialising it, it aborts Node ("CompressionStream::Close(): close before
 * init"; Node 20 and 22 both do, with a worker looping over deflateRawSync). A CI run on Node 22 died that way.
 */
export async function stopRenderPool(started: StartedPool): Promise<void> {
  const made = await started.pool.catch(() => undefined);
  await started.warming.catch(() => {});
  made?.cancelPendingTasks();
  await Promise.allSettled([...started.inFlight]);
  await made?.destroy();
  await started.subsetter?.stop();
}

/**
 * Whether a build has no cache to take a font subset from (no cache folder yet, or --no-cache): it starts a font
 * subsetter with its render workers, and its fonts are ready ~0.1 s sooner.
 */
export function firstBuild(cacheDir: string | false): boolean {
  return !cacheDir || !existsSync(cacheDir);
}
