import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE, HOSTILE_2022, buildFixture, readPage, text, type Fixture } from './fixture.ts';

// Issue 5: hostile data shows as literal text and creates no element, attribute or link.

let f: Fixture;
beforeAll(async () => {
  f = await buildFixture({ campaigns: [HOSTILE_2022] });
});
afterAll(() => f?.cleanup());

const page = (p: string) => readPage(f.outDir, p);
// Attributes a browser follows as a URL (alt and og:title may hold the text "javascript:alert(1)": that is just text).
const URL_ATTRIBUTES = new Set(['href', 'src', 'srcset', 'action', 'formaction', 'poster', 'data', 'xlink:href', 'data-sw']);

describe('hostile data in every text field', () => {
  it('creates no script except the signage page’s and the maker’s own, no on* attribute, no javascript: URL, no stray element', () => {
    expect(f.result.pages.length).toBeGreaterThan(10);
    for (const p of f.result.pages) {
      const { root } = page(p);
      const scripts = root.querySelectorAll('script');
      expect(scripts.length, p).toBe(p.endsWith('display/index.html') || p === 'maker/index.html' ? 1 : 0);
      // The maker's one script is its own file, never inline (its text is the site's, not the data's).
      if (p === 'maker/index.html') expect(scripts[0]!.getAttribute('src'), p).toBe('maker.js');
      for (const el of root.querySelectorAll('*')) {
        for (const [name, value] of Object.entries(el.attributes)) {
          expect(name.toLowerCase().startsWith('on'), `${p}: <${el.tagName} ${name}>`).toBe(false);
          if (URL_ATTRIBUTES.has(name.toLowerCase())) expect(/^\s*javascript:/i.test(value), `${p}: <${el.tagName} ${name}="${value}">`).toBe(false);
        }
        if (el.tagName === 'IMG') expect(el.getAttribute('src'), p).toMatch(/(^|\/)(thumbs|assets)\//);
      }
    }
  });

  it('reads back exactly on the year page', () => {
    const { root } = page('hostile/2022/index.html');
    expect(text(root.querySelector('h1'))).toBe(HOSTILE[1]);
    expect(root.querySelectorAll('.slogans a').map((a) => a.textContent)).toEqual([...HOSTILE]);
    expect(root.querySelectorAll('.orgs li').map((li) => li.textContent)).toEqual([...HOSTILE]);
    expect(root.querySelectorAll('.sections h3').map((h) => h.textContent)).toEqual([HOSTILE[0], HOSTILE[2], HOSTILE[3]]);
    expect(root.querySelectorAll('.sections p').map((h) => h.textContent)).toEqual([HOSTILE[1], HOSTILE[3]]);
    const pairs = Object.fromEntries(root.querySelectorAll('.notice dt').map((dt) => [dt.textContent, dt.nextElementSibling!.textContent]));
    expect(pairs).toEqual({ 标题: HOSTILE[0], 文号: HOSTILE[1], 发文单位: HOSTILE[2], 来源: HOSTILE[0] });
    expect(text(root.querySelector('.kicker'))).toBe(`2022年${HOSTILE[3]}“质量月”主题示例`);
  });

  it.each(HOSTILE.map((s, i) => [i + 1, s] as const))('share page %i reads back its slogan exactly, in the body and the meta', (n, slogan) => {
    const { root, html } = page(`hostile/2022/s/${n}/index.html`);
    expect(text(root.querySelector('h1'))).toBe(slogan);
    expect(root.querySelector('title')!.textContent).toBe(`${slogan} - 全国“质量月”宣传套件`);
    expect(root.querySelector('meta[property="og:title"]')!.getAttribute('content')).toBe(slogan);
    expect(root.querySelector('meta[name="twitter:title"]')!.getAttribute('content')).toBe(slogan);
    // The template syntax in the data was never evaluated.
    expect(html).not.toContain('>49<');
  });

  it('signage slides read back exactly', () => {
    const { root } = page('hostile/2022/display/index.html');
    expect(root.querySelectorAll('.slide .text').map((t) => t.textContent)).toEqual([HOSTILE[1], ...HOSTILE]);
  });

  it('gallery alt text reads back exactly', () => {
    const { root } = page('hostile/2022/posters/share-square/index.html');
    const alts = new Set(root.querySelectorAll('img').map((img) => img.getAttribute('alt')));
    for (const s of HOSTILE) expect(alts.has(s)).toBe(true);
  });

  it('no raw markup from the data reaches any file', () => {
    for (const p of f.result.pages) {
      const html = readFileSync(path.join(f.outDir, p), 'utf8');
      expect(html, p).not.toContain('<script>alert');
      expect(html, p).not.toContain('<img src=x');
    }
  });
});

describe('templates', () => {
  const templates = path.resolve('templates');
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));

  it('never bypass autoescape: no | safe, no autoescape off, no SafeString in the site code', () => {
    for (const file of files(templates)) {
      const source = readFileSync(file, 'utf8');
      expect(source, file).not.toMatch(/\|\s*safe\b/);
      expect(source, file).not.toMatch(/autoescape\s+false|\{%\s*autoescape/);
    }
    for (const file of files(path.resolve('src/site'))) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/SafeString|markSafe|autoescape:\s*false/);
    }
  });
});
