import { Resvg } from '@resvg/resvg-js';
import { constants, deflateSync } from 'node:zlib';
import { resvgOptions, type Platform } from './platform.ts';

// The Node host: resvg's native build. The browser's counterpart is src/browser/platform-browser.ts.

export const nodePlatform: Platform = {
  rasterise(svg, width) {
    const resvg = new Resvg(svg, resvgOptions(width));
    const image = resvg.render();
    // `pixels` copies the pixmap into a Buffer V8 accounts for: that GC pressure is also what lets the native pixmaps
    // of earlier renders be freed (they are invisible to V8, and a print poster's is 70 MB).
    const rgba = image.pixels;
    return { width: image.width, height: image.height, rgba: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength), png: () => new Uint8Array(image.asPng()) };
  },
  // zlib's RLE strategy keeps no hash chains, so its output is fixed by the algorithm, which pako ports line for line;
  // ~10× faster than pako on a 17-megapixel A3 poster.
  deflateRle: (data) => deflateSync(data, { level: 9, strategy: constants.Z_RLE }),
  // pdfkit and svg-to-pdfkit take ~200 ms to load: a worker loads them with its first print poster, not at start-up.
  printPdf: async (scene, svg, options) => (await import('./print-pdf.ts')).printPdf(scene, svg, options),
};
