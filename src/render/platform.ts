// The engine's only link to its host (issue 12): how an SVG becomes pixels. Node passes nodePlatform
// (platform-node.ts, @resvg/resvg-js); the browser worker passes one made from @resvg/resvg-wasm (src/browser/).
// Both run resvg 2.6.2, so the same SVG gives the same pixels; everything after the pixels (palette PNG, deflate,
// LED quantising, BMP, the audit) is the engine's own pure code, so the same pixels give the same bytes.
// Fonts are the other host-specific part; they reach the engine as a Fonts object (fonts.ts).
// A memo (optional) keeps the answers of the engine's costly pure checks between runs: the CLI's is in the build's
// cache, so a card whose code reads the same pixels as before is not decoded again (platform-node.ts).
// The print PDF (issue 13) is written by pdfkit, which needs Node's streams and crypto: only the Node host offers it
// (the maker makes PNG and BMP files only, so its worker plans no PDFs).

import type { Scene } from './layouts/scene.ts';
import type { PrintPdfOptions } from './print-pdf.ts';

/** One rasterised SVG. */
export interface Raster {
  readonly width: number;
  readonly height: number;
  /** Premultiplied-free RGBA, row by row, as resvg's `pixels`. */
  readonly rgba: Uint8Array;
  /** The rasteriser's own RGBA PNG of the same image (used when a palette PNG is not possible). */
  png(): Uint8Array;
  /** Releases the image's native/WASM memory early (optional: otherwise left to the garbage collector). */
  free?(): void;
}

/**
 * Answers of pure, costly computations kept by the host between runs: a key is a list of strings and bytes (the
 * host hashes it, with its own version), a value is text. The engine validates what it reads back.
 */
export interface Memo {
  get(key: readonly (string | Uint8Array)[]): string | undefined;
  put(key: readonly (string | Uint8Array)[], value: string): void;
}

export interface Platform {
  /** Renders an SVG without system fonts (satori has drawn every glyph as a path), `width` px wide or at its own size. */
  rasterise(svg: string, width?: number): Raster;
  /**
   * Optional fast path for the palette PNG's compression: a zlib stream at level 9 with the Z_RLE strategy, byte for
   * byte what pako writes for the same input (test/render/platform.test.ts proves it for node:zlib on the Node
   * version under test). Without it the engine uses pako, as the browser does.
   */
  deflateRle?(data: Uint8Array): Uint8Array;
  /** The print shop's vector CMYK PDF of a poster scene and its SVG (print-pdf.ts); absent where it cannot be written. */
  printPdf?(scene: Scene, svg: string, options: PrintPdfOptions): Promise<Uint8Array>;
  /**
   * Where the engine keeps the answers of its QR checks (the mask a URL's code uses, how a card's code reads): with
   * it, the one-slogan edit of the 2022 kit decodes no code at all (its cards' codes and their surroundings are the
   * same pixels as before), and its render workers never warm up the two QR decoders (~0.3 s of its CPU). Without it,
   * every check runs; the results are the same.
   */
  readonly memo?: Memo;
}

/**
 * The options both hosts give resvg 2.6.2 for a render `width` px wide (or at the SVG's own size): no system fonts
 * (satori has drawn every glyph as a path), no log. `crop` names an empty rectangle, which turns cropping off: by
 * default resvg-js 2.6.2 "crops" every finished pixmap to its own full size, i.e. copies it (clone_rect in its
 * render_inner), so an A3 poster held 2 × 68 MB at once where 68 MB will do. The pixels are the same either way
 * (test/render/platform.test.ts).
 */
export function resvgOptions(width?: number): ResvgOptions {
  return { fitTo: width === undefined ? { mode: 'original' } : { mode: 'width', value: width }, font: { loadSystemFonts: false }, logLevel: 'off', crop: NO_CROP };
}

/** An empty crop rectangle (right = left): resvg then keeps the pixmap it drew rather than a copy of it. */
const NO_CROP = { left: 0, top: 0, right: 0 } as const;

/** What resvgOptions gives: the options @resvg/resvg-js and @resvg/resvg-wasm 2.6.2 share. */
export interface ResvgOptions {
  readonly fitTo: { readonly mode: 'original' } | { readonly mode: 'width'; readonly value: number };
  readonly font: { readonly loadSystemFonts: false };
  readonly logLevel: 'off';
  readonly crop: typeof NO_CROP;
}
