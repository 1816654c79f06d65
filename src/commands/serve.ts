import { existsSync, watch, type FSWatcher } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import path from 'node:path';
import { loadKitData } from '../campaign/load.ts';
import type { Command } from '../cli.ts';
import { UsageError, formatError } from '../errors.ts';
import { explainSystemError } from '../system-error.ts';
import { TEMPLATES_DIR, buildSite } from '../site/build-site.ts';
import { createStaticHandler } from '../site/static-server.ts';
import { readBuiltOutput } from '../site/built-output.ts';

const LIVE_PATH = '/__qmkit/live.js';
const EVENTS_PATH = '/__qmkit/events';
// An external script (not inline) so each page's Content-Security-Policy (script-src 'self') allows it.
const LIVE_JS = `new EventSource(${JSON.stringify(EVENTS_PATH)}).addEventListener('reload', function () { location.reload(); });\n`;

const command: Command = {
  description: '在本机预览生成的微网站（默认只监听 127.0.0.1）；修改 templates/ 或 data/ 后重新生成网页并自动刷新浏览器。',
  usage: 'qmkit serve [--out output] [--port 8080] [--host 127.0.0.1] [--data data] [--no-watch]',
  options: {
    out: { type: 'string', default: 'output' },
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string', default: 'data' },
    'no-watch': { type: 'boolean', default: false },
  },
  async run(values) {
    const outDir = path.resolve(String(values.out));
    const dataDir = path.resolve(String(values.data));
    const host = String(values.host);
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port 应为 0～65535 的整数，收到「${String(values.port)}」`);
    const watching = values['no-watch'] !== true;

    const kit = loadKitData(dataDir);
    const pathPrefix = kit.site.pathPrefix;
    if (!existsSync(path.join(outDir, 'index.html'))) {
      console.log(`${path.relative(process.cwd(), outDir) || outDir} 中还没有网站，按上次构建的清单生成网页……`);
      await buildSite({ kit, outDir, quiet: true, ...readBuiltOutput(outDir) });
    }

    const clients = new Set<ServerResponse>();
    const serveFile = createStaticHandler({ root: outDir, pathPrefix, ...(watching ? { injectHtml: `<script src="${LIVE_PATH}"></script>` } : {}) });
    const server = createServer((req, res) => {
      const url = req.url ?? '/';
      if (watching && url === LIVE_PATH) {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' });
        res.end(LIVE_JS);
      } else if (watching && url === EVENTS_PATH) {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
        res.write(': connected\n\n');
        clients.add(res);
        req.on('close', () => clients.delete(res));
      } else void serveFile(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(new UsageError(error.code === 'EADDRINUSE' ? `端口 ${port} 已被占用，请用 --port 换一个端口` : `无法监听 ${host}:${port}：${error.message}`, { cause: error })),
      );
      server.listen(port, host, resolve);
    });
    const address = server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    const shownHost = host.includes(':') ? `[${host}]` : host;
    console.log(`正在预览：http://${shownHost}:${actualPort}${pathPrefix}（按 Ctrl+C 停止）`);

    const watchers: FSWatcher[] = [];
    if (watching) {
      let timer: NodeJS.Timeout | undefined;
      let running = Promise.resolve();
      const rebuild = () => {
        running = running.then(async () => {
          try {
            const fresh = loadKitData(dataDir);
            await buildSite({ kit: fresh, outDir, quiet: true, pathPrefix, ...readBuiltOutput(outDir) });
            if (fresh.site.pathPrefix !== pathPrefix) console.log(`data/site.yaml 的 pathPrefix 已改为 ${fresh.site.pathPrefix}，请重新运行 qmkit serve`);
            console.log(`已重新生成网页（${new Date().toLocaleTimeString('zh-CN')}）`);
            for (const client of clients) client.write('event: reload\ndata: 1\n\n');
          } catch (error) {
            console.error(formatError(explainSystemError(error)));
          }
        });
      };
      const onChange = () => {
        clearTimeout(timer);
        timer = setTimeout(rebuild, 150);
      };
      for (const dir of [TEMPLATES_DIR, dataDir]) if (existsSync(dir)) watchers.push(watch(dir, { recursive: true }, onChange));
    }

    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    for (const w of watchers) w.close();
    for (const client of clients) client.end();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    return 0;
  },
};
export default command;
