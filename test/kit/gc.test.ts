import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { collectGarbage, freeNative } from '../../src/kit/gc.ts';
import { nodePlatform } from '../../src/render/platform-node.ts';

// The render workers free resvg's pixel buffers with collectGarbage('major') (render-task.ts). A buffer that has
// lived through a few collections sits in V8's old space, where only a full collection frees it: on Node 20,
// `gc({ type: 'major' })` ran a scavenge, and a worker held ~150 MB of such buffers.

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="1920" height="1080"><rect width="1920" height="1080" fill="#0B2F6B"/></svg>`;
const PIXELS = 1920 * 1080 * 4;

describe('collectGarbage', () => {
  it("frees old renders' pixel buffers with a major collection", async () => {
    await freeNative('major');
    const before = getHeapStatistics().external_memory;
    let kept: Uint8Array[] = [];
    for (let i = 0; i < 6; i++) kept.push(nodePlatform.rasterise(SVG).rgba);
    // Two minor collections while they are held move their wrappers to the old space, as a long render does.
    collectGarbage('minor');
    collectGarbage('minor');
    expect(getHeapStatistics().external_memory - before).toBeGreaterThan(5.5 * PIXELS);
    kept = [];
    await freeNative('minor');
    // A minor collection leaves them (this is why render-task.ts does not rely on one for print posters) …
    expect(getHeapStatistics().external_memory - before).toBeGreaterThan(5.5 * PIXELS);
    // … and major ones free them all. (The first runs their wrappers' weak callbacks, the next frees the buffers: in
    // the render workers, each full collection frees what the one before left.)
    await freeNative('major');
    await freeNative('major');
    expect(getHeapStatistics().external_memory - before).toBeLessThan(PIXELS);
  });
});
