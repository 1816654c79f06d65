import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/** A full garbage collection, so that native buffers held by collected wrappers (resvg pixmaps) are released. */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/**
 * Lets the event loop turn once. Node runs N-API finalizers (which free resvg's native pixmaps) from the event loop:
 * a loop of awaits on resolved promises never turns it, and native memory piles up however much is collected.
 */
export const turnEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
