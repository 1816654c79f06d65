// The resvg floor: one already-made SVG rasterised and encoded, nothing else (no layout, no satori, no audit).
import { Resvg } from '@resvg/resvg-js';
import { encodeLed } from '../src/render/led.ts';
import type { ColourMode } from '../src/render/profiles.ts';
import { rasterise } from '../src/render/rasterise.ts';
import { nodePlatform } from '../src/render/platform-node.ts';

export interface FloorItem {
  svg: string;
  width: number;
  /** LED jobs go through the LED encoder (the same for both encoders). */
  led: ColourMode | null;
  /** `palette`: our rasterise(); `resvg`: resvg's own PNG encoder (the pipeline before issue 6's item 7). */
  encoder: 'palette' | 'resvg';
}

export function runFloorItem(item: FloorItem): { ms: number; bytes: number } {
  const t = performance.now();
  let png: Uint8Array;
  if (item.led) png = encodeLed(nodePlatform, item.svg, item.led).png;
  else if (item.encoder === 'palette') png = rasterise(nodePlatform, item.svg, item.width);
  else png = new Resvg(item.svg, { fitTo: { mode: 'width', value: item.width }, font: { loadSystemFonts: false }, logLevel: 'off' }).render().asPng();
  return { ms: performance.now() - t, bytes: png.length };
}
