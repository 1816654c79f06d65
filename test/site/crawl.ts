import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { listFiles } from './fixture.ts';

// A crawler over the output folder: every link and asset reference in every HTML and CSS file must resolve to a file
// of the folder, as a browser would resolve it with the site served at `pathPrefix`.

export interface CrawlReport {
  /** References checked. */
  checked: number;
  /** `page: url → problem` for each reference that does not resolve. */
  broken: string[];
  /** Links that leave the site (they are only followed by a person clicking, never loaded). */
  external: string[];
}

const ORIGIN = 'http://site.test';

/** The URL a page is served at; the 404 page is also checked as if served from a deep missing path. */
function pageUrls(rel: string, pathPrefix: string): string[] {
  if (rel === '404.html') return [`${ORIGIN}${pathPrefix}404.html`, `${ORIGIN}${pathPrefix}no/such/page/`];
  return [`${ORIGIN}${pathPrefix}${rel.replace(/(^|\/)index\.html$/, '$1')}`];
}

function references(file: string, html: string): { url: string; what: string }[] {
  if (file.endsWith('.css')) return [...html.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)].map((m) => ({ url: m[1]!, what: 'css url()' }));
  const root = parse(html);
  const out: { url: string; what: string }[] = [];
  const attr = (selector: string, name: string) => {
    for (const el of root.querySelectorAll(selector)) {
      const v = el.getAttribute(name);
      if (v !== undefined) out.push({ url: v, what: `<${el.tagName.toLowerCase()} ${name}>` });
    }
  };
  attr('a[href]', 'href');
  attr('link[href]', 'href');
  attr('img[src]', 'src');
  attr('script[src]', 'src');
  attr('[data-sw]', 'data-sw');
  for (const key of ['og:image', 'og:url', 'twitter:image']) {
    attr(`meta[property="${key}"]`, 'content');
    attr(`meta[name="${key}"]`, 'content');
  }
  for (const style of root.querySelectorAll('style')) out.push(...references('inline.css', style.textContent));
  return out;
}

export function crawlOutput(outDir: string, pathPrefix: string, publicBase: string): CrawlReport {
  const report: CrawlReport = { checked: 0, broken: [], external: [] };
  const files = listFiles(outDir).filter((f) => f.endsWith('.html') || f.endsWith('.css'));
  const ids = new Map<string, Set<string>>();
  const idsOf = (file: string) => {
    let set = ids.get(file);
    if (!set) {
      set = new Set(parse(readFileSync(file, 'utf8')).querySelectorAll('[id]').map((el) => el.id));
      ids.set(file, set);
    }
    return set;
  };
  for (const rel of files) {
    const content = readFileSync(path.join(outDir, rel), 'utf8');
    const refs = references(rel, content);
    for (const from of rel.endsWith('.css') ? [`${ORIGIN}${pathPrefix}${rel}`] : pageUrls(rel, pathPrefix)) {
      for (const { url, what } of refs) {
        report.checked++;
        const where = `${rel} (as ${from.slice(ORIGIN.length)}): ${what} ${url}`;
        let target: URL;
        if (url.startsWith('#')) {
          // Same document, wherever it is served from.
          if (!idsOf(path.join(outDir, rel)).has(decodeURIComponent(url.slice(1)))) report.broken.push(`${where} → no element with id "${url.slice(1)}"`);
          continue;
        }
        if (url.startsWith(publicBase)) target = new URL(url.slice(publicBase.length), `${ORIGIN}${pathPrefix}`);
        else if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
          if (/^https?:/i.test(url)) report.external.push(url);
          else report.broken.push(`${where} → not an http(s) URL`);
          continue;
        } else target = new URL(url, from);
        if (target.origin !== ORIGIN || !target.pathname.startsWith(pathPrefix)) {
          report.broken.push(`${where} → leaves the site folder (${target.pathname})`);
          continue;
        }
        let file = path.join(outDir, decodeURIComponent(target.pathname.slice(pathPrefix.length)));
        if (target.pathname.endsWith('/')) file = path.join(file, 'index.html');
        else if (existsSync(file) && statSync(file).isDirectory()) {
          report.broken.push(`${where} → a folder without its trailing slash`);
          continue;
        }
        if (!existsSync(file)) {
          report.broken.push(`${where} → missing ${path.relative(outDir, file)}`);
          continue;
        }
        const hash = decodeURIComponent(target.hash.slice(1));
        if (hash && file.endsWith('.html') && !idsOf(file).has(hash)) report.broken.push(`${where} → no element with id "${hash}"`);
      }
    }
  }
  report.external = [...new Set(report.external)].sort();
  return report;
}
