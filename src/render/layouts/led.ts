import type { Fonts } from '../fonts.ts';
import type { RenderJob } from '../job.ts';
import { PALETTE, ledTextColour, ledWeight } from '../style.ts';
import { SceneBuilder, type Scene } from './scene.ts';

// LED panels: text only, no decoration, no label, no footer. Lines were broken by the planner (led-pages.ts);
// each line sits in a cell as tall as its characters, so glyphs land on whole dots.

/** Where satori puts the baseline in a line box of line-height 1 (Noto Sans SC: hhea ascent 1.16, descent 0.288). */
const BASELINE_AT_LH1 = (1 - (1.16 + 0.288)) / 2 + 1.16;
/** Top of the ideographic em box above the baseline (Noto Sans SC: 0.88 em). */
const EM_TOP = 0.88;

export function ledScene(job: RenderJob, fonts: Fonts): Scene {
  const led = job.led;
  if (!led) throw new Error(`Internal error: ${job.id} is an LED job without planned lines`);
  const b = new SceneBuilder(job.width, job.height, PALETTE.ledBlack, fonts);
  const cell = led.cell;
  const colour = ledTextColour(job);
  const blockTop = Math.floor((job.height - led.lines.length * cell) / 2);
  led.lines.forEach((line, i) => {
    const w = fonts.visual(line, cell, ledWeight(cell));
    const x = job.kind === 'led-strip' ? led.margin : Math.floor((job.width - w) / 2);
    const cellTop = blockTop + i * cell;
    // Shift the line box so the em box fills the cell exactly; whole pixels keep the strokes on the dot grid.
    const shift = Math.round((EM_TOP - BASELINE_AT_LH1) * cell);
    const box = b.text('hero', line, x, cellTop + shift, { size: cell, weight: ledWeight(cell), color: colour, bg: PALETTE.ledBlack, lineHeight: 1 });
    // Report the cell (the em box), which is what the characters occupy.
    Object.assign(box, { y: cellTop, h: cell });
  });
  b.heroLines = [...led.lines];
  return b.build();
}
