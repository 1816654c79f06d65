import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { LinkChecker } from 'linkinator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetPath, publicBase, sloganName, thumbPath } from '../../src/urls.ts';
import { createStaticHandler } from '../../src/site/static-server.ts';
import { crawlOutput } from './crawl.ts';
import { planJobs } from '../../src/render/plan.ts';
import { PROFILES } from '../../src/render/profiles.ts';
import { EMPTY_2023, SAMPLE_2024, SITE, buildFixture, listFiles, writePlannedFiles, type Fixture } from './fixture.ts';

// Every internal link and asset reference resolves to a file, at the root and under a subfolder.

const CASES = [
  { name: 'at /', site: SITE, pathPrefix: '/' },
  { name: 'under /zlgy/', site: { ...SITE, baseUrl: 'https://www.gov-test.cn/zlgy/', pathPrefix: '/zlgy/' }, pathPrefix: '/zlgy/' },
] as const;

describe.each(CASES)('site served $name', ({ site, pathPrefix }) => {
  let f: Fixture;
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    f = await buildFixture({ site });
    writePlannedFiles(f);
    server = createServer(createStaticHandler({ root: f.outDir, pathPrefix }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    f?.cleanup();
  });

  it('the crawler over the output folder finds no broken reference', () => {
    const report = crawlOutput(f.outDir, pathPrefix, publicBase({ ...f.kit.site, pathPrefix }).base);
    expect(report.broken).toEqual([]);
    expect(report.checked).toBeGreaterThan(500);
    // The only way out of the site is the notice's own source link, which a person may click.
    expect(report.external).toEqual(['https://www.samr.gov.cn/']);
  });

  it('linkinator, crawling the served site from its home page, finds no broken link, stylesheet, font or image', async () => {
    const checker = new LinkChecker();
    const result = await checker.check({
      path: `${origin}${pathPrefix}`,
      recurse: true,
      checkCss: true,
      checkFragments: true,
      concurrency: 20,
      linksToSkip: async (link) => !link.startsWith(origin),
    });
    const broken = result.links.filter((l) => l.state === 'BROKEN').map((l) => `${l.parent} → ${l.url} (${l.status})`);
    expect(broken).toEqual([]);
    const seen = new Set(result.links.filter((l) => l.state === 'OK').map((l) => l.url.replace(origin, '')));
    for (const p of ['', 'guide/', 'national/2024/s/3/', 'national/2024/posters/transit-bar/', 'national/2024/display/', 'static/qm-sans-bold.woff']) {
      expect(seen.has(`${pathPrefix}${p}`), `${pathPrefix}${p} crawled`).toBe(true);
    }
  });

  it('the crawler does report what is missing (run last: it deletes files)', () => {
    rmSync(path.join(f.outDir, thumbPath(assetPath('national', 2024, 'school-screen', sloganName(2), 'png'))));
    rmSync(path.join(f.outDir, 'national/2024/s/3/index.html'));
    const report = crawlOutput(f.outDir, pathPrefix, publicBase({ ...f.kit.site, pathPrefix }).base);
    expect(report.broken.some((b) => b.includes('missing thumbs/national/2024/school-screen/slogan-02.png'))).toBe(true);
    expect(report.broken.some((b) => b.startsWith('national/2024/index.html') && b.includes('missing national/2024/s/3/index.html'))).toBe(true);
  });
});

describe('a part-build’s site (issue 11: 3 of the surfaces, as `qmkit build --profile …` makes it)', () => {
  const CHOSEN = ['school-screen', 'community-elevator', 'share-og'];
  let f: Fixture;
  beforeAll(async () => {
    f = await buildFixture({ plan: (campaign, site) => planJobs(campaign, site, PROFILES.filter((p) => CHOSEN.includes(p.id))), campaigns: [SAMPLE_2024, EMPTY_2023] });
    writePlannedFiles(f);
  });
  afterAll(() => f?.cleanup());

  it('links only to the files that were built: the crawler finds no broken reference', () => {
    const report = crawlOutput(f.outDir, '/', publicBase(f.kit.site).base);
    expect(report.broken).toEqual([]);
    expect(report.checked).toBeGreaterThan(100);
    const galleries = listFiles(f.outDir).filter((p) => /^national\/2024\/posters\/[^/]+\/index\.html$/.test(p));
    expect(galleries.map((p) => p.split('/')[3]).sort()).toEqual([...CHOSEN].sort());
  });
});
