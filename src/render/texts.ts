import type { RenderJob } from './job.ts';
import type { TextRole } from './messages.ts';

// Kept apart from render.ts so that planning and the glyph check (the build's main thread) never load satori.

/** Every string a job draws, with the role named in a missing-glyph message. */
export function jobTexts(job: RenderJob): { role: TextRole; text: string }[] {
  const role: TextRole = job.n === undefined ? '主题' : '口号';
  return [
    { role, text: job.fullText },
    // What is drawn can differ from the data: an LED text carries the sample marker.
    ...(job.text !== job.fullText ? [{ role, text: job.text }] : []),
    { role: '主题', text: job.theme },
    { role: '发布单位', text: job.issuer },
    { role: '活动名称', text: job.label },
    ...(job.url ? [{ role: '网址' as const, text: job.url }] : []),
  ];
}
