import { Resvg } from '@resvg/resvg-js';

// The one place an SVG becomes pixels, so the encoder can be swapped (issue 6) without touching the layouts.
// No system fonts: satori has already turned every glyph into a path.

/** Renders an SVG to a PNG `width` px wide (the SVG's own size, or a smaller thumbnail). */
export function rasterise(svg: string, width: number): Uint8Array {
  const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: width }, font: { loadSystemFonts: false }, logLevel: 'off' });
  return new Uint8Array(resvg.render().asPng());
}

/** Renders an SVG to raw RGBA pixels at its own size; `crisp` turns anti-aliasing off (LED panels). */
export function rasterisePixels(svg: string, crisp: boolean): { width: number; height: number; rgba: Uint8Array } {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'original' },
    font: { loadSystemFonts: false },
    logLevel: 'off',
    ...(crisp ? { shapeRendering: 1 as const, textRendering: 0 as const } : {}),
  });
  const image = resvg.render();
  return { width: image.width, height: image.height, rgba: new Uint8Array(image.pixels) };
}
