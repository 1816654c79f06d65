// Worker thread of the resvg floor (bench/profile.ts). Workers don't inherit the parent's tsx registration.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runFloorItem } = await import('./floor-task.ts');
parentPort.on('message', (item) => {
  const result = runFloorItem(item);
  // Reply from the event loop, so that N-API finalizers (resvg's native pixmaps) run between items.
  setImmediate(() => parentPort.postMessage(result));
});
parentPort.postMessage('ready');
