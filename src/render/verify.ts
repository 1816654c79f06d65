import { requiredContrast, type ContrastPair } from './contrast.ts';
import type { RenderJob } from './job.ts';
import type { Scene, TextBox } from './layouts/scene.ts';

// A layout's self-check before it is rasterised: every text box inside the safe area, every character at least
// the profile's minimum, every text/background pair at the required contrast. A failure here is a bug in a layout.

const EPS = 0.5;

/** The problems of a scene, in Chinese; empty when it is fine. */
export function sceneProblems(job: RenderJob, scene: { boxes: readonly TextBox[]; pairs: readonly ContrastPair[] }, safe = job.profile.safe): string[] {
  const problems: string[] = [];
  const min = job.profile.minCharPx;
  const [x0, y0, x1, y1] = [safe.left, safe.top, job.width - safe.right, job.height - safe.bottom];
  for (const box of scene.boxes) {
    if (box.x < x0 - EPS || box.y < y0 - EPS || box.x + box.w > x1 + EPS || box.y + box.h > y1 + EPS)
      problems.push(`文字「${box.text}」（${box.role}）超出安全区：位于 ${fmt(box)}，安全区为 ${x0},${y0}–${x1},${y1}`);
    if (box.fontSize < min) problems.push(`文字「${box.text}」（${box.role}）字高 ${box.fontSize} px，小于最小字高 ${min} px`);
  }
  const need = requiredContrast(job.profile);
  for (const p of scene.pairs) if (p.ratio < need) problems.push(`${p.role} 文字 ${p.fg} 在 ${p.bg} 上的对比度为 ${p.ratio.toFixed(2)}:1，要求 ≥ ${need}:1`);
  return problems;
}

const fmt = (b: TextBox) => `${Math.round(b.x)},${Math.round(b.y)}–${Math.round(b.x + b.w)},${Math.round(b.y + b.h)}`;

export type { Scene };
