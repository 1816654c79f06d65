import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticHandler, resolveRequest } from '../../src/site/static-server.ts';

// qmkit serve answers every spelling of path traversal with 404 (issue 7), and serves the site under its prefix.

let dir: string;
let root: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'qmkit-serve-'));
  root = path.join(dir, 'output');
  mkdirSync(path.join(root, 'national/2024'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>首页</title><body>home</body>');
  writeFileSync(path.join(root, 'national/2024/index.html'), '<body>year</body>');
  writeFileSync(path.join(root, '404.html'), '<body>页面不存在</body>');
  writeFileSync(path.join(root, '.qmkit'), 'marker');
  writeFileSync(path.join(dir, 'secret.txt'), 'SECRET');
  symlinkSync(path.join(dir, 'secret.txt'), path.join(root, 'link.txt'));
  symlinkSync(dir, path.join(root, 'up'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TRAVERSALS = [
  '/../secret.txt',
  '/national/../../secret.txt',
  '/%2e%2e/secret.txt',
  '/%2E%2E/secret.txt',
  '/national/%2e%2e/%2e%2e/secret.txt',
  '/..%2fsecret.txt',
  '/..%2Fsecret.txt',
  '/%2e%2e%2fsecret.txt',
  '/..\\secret.txt',
  '/..%5csecret.txt',
  '/%5c..%5csecret.txt',
  '/index.html%00.txt',
  '/index.html\0',
  '/national%00/2024/',
  '//secret.txt',
  '/link.txt',
  '/up/secret.txt',
  '/.qmkit',
  '/%c0%ae%c0%ae/secret.txt',
  '/%',
  'secret.txt',
];

describe('resolveRequest', () => {
  it.each(TRAVERSALS)('%j is not found', (url) => {
    expect(resolveRequest(root, '/', url)).toEqual({ kind: 'not-found' });
  });

  it.each([
    ['/', '/', path.join('index.html')],
    ['/', '/index.html?x=1#y', 'index.html'],
    ['/', '/national/2024/', 'national/2024/index.html'],
    ['/zlgy/', '/zlgy/', 'index.html'],
    ['/zlgy/', '/zlgy/national/2024/', 'national/2024/index.html'],
  ])('prefix %s: %s serves %s', (prefix, url, file) => {
    expect(resolveRequest(root, prefix, url)).toEqual({ kind: 'file', file: path.join(root, file) });
  });

  it.each([
    ['/', '/national/2024', '/national/2024/'],
    ['/zlgy/', '/', '/zlgy/'],
    ['/zlgy/', '/zlgy', '/zlgy/'],
  ])('prefix %s: %s redirects to %s', (prefix, url, location) => {
    expect(resolveRequest(root, prefix, url)).toEqual({ kind: 'redirect', location });
  });

  it('under a prefix, nothing outside it is served', () => {
    expect(resolveRequest(root, '/zlgy/', '/index.html')).toEqual({ kind: 'not-found' });
    expect(resolveRequest(root, '/zlgy/', '/zlgy/../index.html')).toEqual({ kind: 'not-found' });
  });
});

describe('the HTTP handler', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer(createStaticHandler({ root, pathPrefix: '/', injectHtml: '<script src="/__qmkit/live.js"></script>' }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  // A raw request line, so the client does not normalise the path first.
  const get = (rawPath: string, method = 'GET') =>
    new Promise<{ status: number; body: string; type?: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: rawPath, method }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body, type: res.headers['content-type'] }));
      });
      req.on('error', reject);
      req.end();
    });

  it.each(TRAVERSALS.filter((t) => t.startsWith('/') && !t.includes('\0')))('GET %j → 404 with the site’s 404 page, never the secret', async (url) => {
    const res = await get(url);
    expect(res.status).toBe(404);
    expect(res.body).toContain('页面不存在');
    expect(res.body).not.toContain('SECRET');
  });

  it('serves pages with the live-reload script and the right type', async () => {
    const res = await get('/national/2024/');
    expect(res).toEqual({ status: 200, body: '<body>year<script src="/__qmkit/live.js"></script></body>', type: 'text/html; charset=utf-8' });
  });

  it('sends ETag and Last-Modified, and answers an unchanged file with 304 and no body', async () => {
    writeFileSync(path.join(root, 'engine.wasm'), 'WASM');
    const headers = (rawPath: string, extra: Record<string, string> = {}) =>
      new Promise<{ status: number; body: string; etag?: string; modified?: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: rawPath, headers: extra }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode!, body, etag: res.headers.etag, modified: res.headers['last-modified'] }));
        });
        req.on('error', reject);
        req.end();
      });
    const first = await headers('/engine.wasm');
    expect(first.status).toBe(200);
    expect(first.body).toBe('WASM');
    expect(first.etag).toMatch(/^"[0-9a-f]+-4"$/);
    expect(await headers('/engine.wasm', { 'If-None-Match': first.etag! })).toMatchObject({ status: 304, body: '' });
    expect(await headers('/engine.wasm', { 'If-Modified-Since': first.modified! })).toMatchObject({ status: 304, body: '' });
    // A changed file (another size) is sent again.
    writeFileSync(path.join(root, 'engine.wasm'), 'WASM v2');
    expect(await headers('/engine.wasm', { 'If-None-Match': first.etag! })).toMatchObject({ status: 200, body: 'WASM v2' });
    // The 404 page is never a 304.
    expect((await headers('/missing', { 'If-None-Match': '*' })).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('/', 'POST')).status).toBe(405);
    expect((await get('/', 'HEAD')).status).toBe(200);
  });
});
