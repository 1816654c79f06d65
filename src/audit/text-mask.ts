import type { Fonts } from '../render/fonts.ts';
import type { RenderJob } from '../render/job.ts';
import type { Platform } from '../render/platform.ts';
import type { Scene } from '../render/layouts/scene.ts';
import type { Insets } from '../render/profiles.ts';
import { sceneFor, toSvg } from '../render/render.ts';

// The safe-area rule checked on pixels, not only on the layout's own measurements: the scene's text alone is drawn
// black on white, and any ink past the safe area is reported. Large prints are checked at a reduced scale, with a
// tolerance of one reduced pixel.

const MAX_MASK_WIDTH = 1200;

/**
 * Descriptions of ink found outside the safe area; empty when there is none. `scene` is the job's layout when the
 * caller has it already (the render's own, audit-job.ts), else it is laid out here.
 */
export async function inkOutsideSafeArea(job: RenderJob, fonts: Fonts, platform: Platform, safeArea?: Insets, scene: Scene = sceneFor(job, fonts)): Promise<string[]> {
  const svg = await toSvg({ ...scene, element: scene.mask, overlay: '' }, fonts);
  const scale = Math.min(1, MAX_MASK_WIDTH / scene.width);
  const image = platform.rasterise(svg, Math.round(scene.width * scale));
  const { width, height } = image;
  const px = image.rgba;
  const safe = safeArea ?? (job.profile.layout === 'led' ? { top: 0, right: 0, bottom: 0, left: 0 } : job.profile.safe);
  const tol = scale < 1 ? 1 : 0;
  const x0 = Math.floor(safe.left * scale) - tol;
  const y0 = Math.floor(safe.top * scale) - tol;
  const x1 = Math.ceil((scene.width - safe.right) * scale) + tol;
  const y1 = Math.ceil((scene.height - safe.bottom) * scale) + tol;
  let count = 0;
  let box: [number, number, number, number] | undefined;
  const scan = (y: number, from: number, to: number) => {
    for (let x = Math.max(0, from), i = (y * width + x) * 4; x < Math.min(width, to); x++, i += 4) {
      // Ink: clearly darker than the white page (anti-aliased edges below half coverage are ignored).
      if (px[i]! < 128) {
        count++;
        box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
      }
    }
  };
  // Only the pixels outside the safe rectangle: whole rows above and below it, the two side margins between.
  for (let y = 0; y < height; y++) {
    if (y >= y0 && y < y1) {
      scan(y, 0, x0);
      scan(y, x1, width);
    } else scan(y, 0, width);
  }
  image.free?.();
  if (!box) return [];
  const s = (n: number) => Math.round(n / scale);
  return [`有 ${count} 个文字像素位于安全区外（约 ${s(box[0])},${s(box[1])}–${s(box[2])},${s(box[3])}）`];
}
