import path from 'node:path';
import type { Campaign } from '../campaign/model.ts';

// Pure text and URL helpers for the site templates: data in, plain string out (Nunjucks escapes it).

/** `2024-07-26` → `2024年7月26日`; anything else is returned unchanged. */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/**
 * The honest sentence about the organizer list: how many there are and how many the data names.
 * Undefined when the data says nothing about organizers.
 */
export function organizersSentence(c: Pick<Campaign, 'organizers' | 'organizersTotal'>): string | undefined {
  const listed = c.organizers.length;
  const total = c.organizersTotal ?? listed;
  if (total === 0) return undefined;
  if (listed === 0) return `共 ${total} 个部门，名单尚未录入。`;
  if (listed < total) return `共 ${total} 个部门，以下列出 ${listed} 个。`;
  return `共 ${total} 个部门：`;
}

/** A text split at its own spaces: the slogan's halves, kept together on one line where room allows. */
export function halves(text: string): string[] {
  return text.split(' ').filter((part) => part !== '');
}

/**
 * A link from the page at `fromUrl` (an Eleventy page.url such as `/national/2024/s/3/` or `/404.html`)
 * to the site-relative `target` (`national/2024/`, `static/site.css`, or `` for the home page).
 * Relative, so the same files work at `/` and under any subfolder.
 */
export function relativeUrl(fromUrl: string, target: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/')) {
    throw new Error(`Internal error: relativeUrl expects a site-relative path, got "${target}"`);
  }
  const fromDir = fromUrl.endsWith('/') ? fromUrl : path.posix.dirname(fromUrl) + '/';
  const rel = path.posix.relative(fromDir, '/' + target);
  if (rel === '') return './';
  const isDir = target === '' || target.endsWith('/');
  return isDir && !rel.endsWith('/') ? `${rel}/` : rel;
}

/** A root-relative link under the path prefix, for pages served at unknown depths (the 404 page). */
export function prefixedUrl(pathPrefix: string, target: string): string {
  return pathPrefix + target;
}

/** Image size that fits inside a box while keeping the aspect ratio, for width/height attributes. */
export function fitBox(width: number, height: number, maxW: number, maxH: number): { width: number; height: number } {
  const scale = Math.min(maxW / width, maxH / height, 1);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * How wide the widest half of a text is, in em (CJK and full-width characters 1, others about 0.6), rounded up and
 * clamped to 6–30. The share page sizes its slogan with a class per width, so each half fits one phone line (no inline styles: the CSP forbids them).
 */
export function fitClass(parts: readonly string[]): string {
  const width = Math.max(
    0,
    ...parts.map((part) => [...part].reduce((sum, ch) => sum + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 1 : 0.6), 0)),
  );
  return `w${Math.min(30, Math.max(6, Math.ceil(width)))}`;
}
