import { createReadStream, realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

// The static file handler behind `qmkit serve`. Every request path is checked segment by segment, so no
// spelling of "up one folder" (../, %2e%2e, backslashes, NUL, symlinks) can reach a file outside the root.

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.bmp': 'image/bmp',
  '.gif': 'image/gif',
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.zip': 'application/zip',
  '.wasm': 'application/wasm',
};

export type Resolution =
  | { kind: 'file'; file: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'not-found' };

const NOT_FOUND: Resolution = { kind: 'not-found' };

function inside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Maps a request URL to a file under `root` served at `pathPrefix`, or says why not.
 * Pure apart from reading the file system's metadata (stat, realpath).
 */
export function resolveRequest(root: string, pathPrefix: string, rawUrl: string): Resolution {
  const rawPath = rawUrl.split(/[?#]/, 1)[0] ?? '';
  // Refuse what no legitimate link contains, before any decoding can hide it.
  if (!rawPath.startsWith('/') || /\\|%5c|%00|\0/i.test(rawPath)) return NOT_FOUND;
  if (pathPrefix !== '/' && (rawPath === '/' || rawPath === pathPrefix.slice(0, -1))) {
    return { kind: 'redirect', location: pathPrefix };
  }
  if (!rawPath.startsWith(pathPrefix)) return NOT_FOUND;
  const segments: string[] = [];
  const raws = rawPath.slice(pathPrefix.length).split('/');
  for (const [i, raw] of raws.entries()) {
    // An empty segment (`//`) is only allowed as the trailing slash: it also rules out `//host` redirects.
    if (raw === '' && i !== raws.length - 1) return NOT_FOUND;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return NOT_FOUND;
    }
    // `.`/`..`, hidden files (.qmkit markers and the like), and anything that decodes to a separator or a control character.
    if (seg.startsWith('.') || /[/\\\0-\x1f]/.test(seg)) return NOT_FOUND;
    if (seg !== '') segments.push(seg);
  }
  const realRoot = realpathSync(root);
  let file = path.join(realRoot, ...segments);
  if (!inside(realRoot, file)) return NOT_FOUND;
  let stat;
  try {
    stat = statSync(file);
    if (stat.isDirectory()) {
      if (!rawPath.endsWith('/')) return { kind: 'redirect', location: `${rawPath}/` };
      file = path.join(file, 'index.html');
      stat = statSync(file);
    }
    if (!stat.isFile() || !inside(realRoot, realpathSync(file))) return NOT_FOUND;
  } catch {
    return NOT_FOUND;
  }
  return { kind: 'file', file };
}

export interface StaticHandlerOptions {
  root: string;
  pathPrefix: string;
  /** Inserted before </body> of every HTML page (the live-reload script tag). */
  injectHtml?: string;
}

/** True when the client's cached copy is the current file (If-None-Match first, then If-Modified-Since). */
function fresh(req: IncomingMessage, etag: string, mtimeMs: number): boolean {
  const match = req.headers['if-none-match'];
  if (match !== undefined) return match.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}` || t.trim() === '*');
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && Math.floor(mtimeMs / 1000) * 1000 <= since;
}

/** A node:http request handler serving `root` under `pathPrefix`; unknown paths get the site's 404.html with status 404. */
export function createStaticHandler(options: StaticHandlerOptions) {
  const { root, pathPrefix, injectHtml } = options;
  const send = async (req: IncomingMessage, res: ServerResponse, file: string, status: number) => {
    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    res.setHeader('Content-Type', type);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-cache');
    if (injectHtml && type.startsWith('text/html')) {
      const html = await readFile(file, 'utf8');
      const body = html.includes('</body>') ? html.replace('</body>', `${injectHtml}</body>`) : html + injectHtml;
      res.writeHead(status, { 'Content-Length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    // Validators, as common static servers send them (nginx's ETag is the same mtime-size form): with no-cache the
    // browser asks again each time, and an unchanged file costs a 304, not its bytes (the maker's service worker
    // fetches the engine's files again on a first visit: 2.5 MB of script and WASM).
    const stat = statSync(file);
    const etag = `"${Math.floor(stat.mtimeMs / 1000).toString(16)}-${stat.size.toString(16)}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Last-Modified', stat.mtime.toUTCString());
    if (status === 200 && fresh(req, etag, stat.mtimeMs)) {
      res.writeHead(304);
      res.end();
      return;
    }
    res.writeHead(status, { 'Content-Length': stat.size });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };
  const notFound = async (req: IncomingMessage, res: ServerResponse) => {
    const page = resolveRequest(root, pathPrefix, `${pathPrefix}404.html`);
    if (page.kind === 'file') return send(req, res, page.file, 404);
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('404 页面不存在');
  };
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' });
        res.end();
        return;
      }
      const found = resolveRequest(root, pathPrefix, req.url ?? '/');
      if (found.kind === 'redirect') {
        res.writeHead(302, { Location: found.location });
        res.end();
      } else if (found.kind === 'file') await send(req, res, found.file, 200);
      else await notFound(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('500 服务器内部错误');
    }
  };
}
