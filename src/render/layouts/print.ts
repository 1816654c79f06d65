import type { Fonts } from '../fonts.ts';
import type { RenderJob } from '../job.ts';
import { LIGHT } from './parts.ts';
import { portraitScene } from './portrait.ts';
import type { Scene } from './scene.ts';

// Print A4/A3 at 300 dpi: the portrait arrangement on white paper, every text ≥ 10 mm inside the trim (the
// profile's safe area). The deep-blue band and the red rule run to the paper's edge, so the bleed variant
// (3 mm extra on each side) carries them past the trim line.

export function printLayout(job: RenderJob, fonts: Fonts): Scene {
  return portraitScene(job, fonts, { variant: LIGHT, labelShare: 0.04, footShare: 0.028 });
}
