import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { resvgOptions, type Platform } from '../render/platform.ts';

// The browser host: resvg 2.6.2 compiled to WebAssembly (the same resvg as @resvg/resvg-js 2.6.2 in Node, so the
// same SVG gives the same pixels). The Node counterpart is src/render/platform-node.ts.

let ready: Promise<void> | undefined;

/** Loads resvg's WASM once (from its URL on the site) and returns the platform. */
export async function browserPlatform(resvgWasm: string | URL | Response | ArrayBuffer): Promise<Platform> {
  ready ??= initWasm(resvgWasm as Parameters<typeof initWasm>[0]);
  await ready;
  return {
    rasterise(svg, width) {
      const resvg = new Resvg(svg, resvgOptions(width));
      try {
        const image = resvg.render();
        return {
          width: image.width,
          height: image.height,
          rgba: image.pixels,
          png: () => image.asPng(),
          // A print poster's pixmap is 70 MB of WASM memory: free it now, not when the GC gets round to it.
          free: () => image.free(),
        };
      } finally {
        resvg.free();
      }
    },
  };
}
