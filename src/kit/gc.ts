import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: ((options?: { type: 'minor' | 'major' }) => void) | undefined;

/**
 * A garbage collection, so that native buffers held by collected wrappers (resvg pixmaps) are released: a full one,
 * or a minor one (~1 ms), which collects the wrappers of a render that just ended while they are still young.
 */
export function collectGarbage(type: 'minor' | 'major' = 'major'): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as typeof gc;
  }
  // A major collection is asked for with no options: on Node 20 (V8 11.3) `gc({ type: 'major' })` runs a scavenge
  // (--trace-gc says so), which leaves the pixel buffers of earlier renders alive; `gc()` is a full collection on
  // every version (test/kit/gc.test.ts).
  if (type === 'major') gc!();
  else gc!({ type });
}

/**
 * Lets the event loop turn once. Node runs N-API finalizers (which free resvg's native pixmaps) from the event loop:
 * a loop of awaits on resolved promises never turns it, and native memory piles up however much is collected.
 */
export const turnEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Lets the finalizers of collected wrappers free their native memory: a collection of the given kind (none when
 * `type` is undefined), then one turn of the event loop, where Node runs them.
 */
export async function freeNative(type?: 'minor' | 'major'): Promise<void> {
  if (type) collectGarbage(type);
  await turnEventLoop();
}
