import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { loadKitData } from '../../src/campaign/load.ts';
import { buildSite, type BuildSiteResult } from '../../src/site/build-site.ts';
import { createStaticHandler } from '../../src/site/static-server.ts';
import { buildFixture, plannedManifest, writePlannedFiles, type Fixture } from '../site/fixture.ts';

// Debian's chromium through playwright-core, and a built site served from 127.0.0.1 by qmkit serve's own handler.

export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export const launch = (): Promise<Browser> => chromium.launch(CHROMIUM);

export interface Served {
  outDir: string;
  origin: string;
  pathPrefix: string;
  /** Absolute URL of a site-relative path. */
  url(p: string): string;
  close(): Promise<void>;
}

export async function serve(outDir: string, pathPrefix = '/'): Promise<Served> {
  const server: Server = createServer(createStaticHandler({ root: outDir, pathPrefix }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    outDir,
    origin,
    pathPrefix,
    url: (p) => `${origin}${pathPrefix}${p}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The shipped data/, built like the kit would (poster files stand in as empty files). */
export async function buildShipped(): Promise<{ outDir: string; result: BuildSiteResult; cleanup(): void }> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'qmkit-browser-'));
  const kit = loadKitData(path.resolve('data'));
  const result = await buildSite({ kit, outDir, quiet: true, manifest: plannedManifest(kit) });
  return { outDir, result, cleanup: () => rmSync(outDir, { recursive: true, force: true }) };
}

/** The fixture data of test/site (sample, empty and hostile campaigns), with the planned files in place. */
export async function buildTestFixture(): Promise<Fixture> {
  const f = await buildFixture();
  writePlannedFiles(f);
  return f;
}

export const AXE_SOURCE = readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');
