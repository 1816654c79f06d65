// Worker entry for the render pool. Workers don't inherit the main thread's tsx registration, so register here.
import { register } from 'tsx/esm/api';

register();
const task = await import('./render-task.ts');
export default task.default;
