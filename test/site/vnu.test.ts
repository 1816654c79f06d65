import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type Fixture } from './fixture.ts';

// The Nu HTML Checker (vnu-jar; needs Java) over every page of a build with sample, empty and hostile data.

const VNU = path.resolve('node_modules/vnu-jar/build/dist/vnu.jar');

let f: Fixture;
beforeAll(async () => {
  f = await buildFixture();
});
afterAll(() => f?.cleanup());

interface VnuMessage {
  type: string;
  url: string;
  message: string;
  lastLine?: number;
  extract?: string;
}

async function vnu(args: string[]): Promise<VnuMessage[]> {
  // vnu exits non-zero when it reports errors; the JSON on stderr is the answer either way.
  const { stderr } = await promisify(execFile)('java', ['-jar', VNU, '--errors-only', '--format', 'json', ...args], { maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { stderr?: string; stdout?: string }) => ({ stderr: error.stderr ?? '', stdout: error.stdout ?? '' }),
  );
  return (JSON.parse(stderr) as { messages: VnuMessage[] }).messages;
}

describe('HTML validity', () => {
  it('every page and the stylesheet have 0 errors', async () => {
    const pages = f.result.pages.map((p) => path.join(f.outDir, p));
    const messages = await vnu(['--also-check-css', ...pages, path.join(f.outDir, 'static/site.css')]);
    const errors = messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
    expect(errors.map((m) => `${path.relative(f.outDir, new URL(m.url).pathname)}:${m.lastLine ?? '?'} ${m.message}`)).toEqual([]);
    console.log(`vnu: ${pages.length} pages + site.css, ${errors.length} errors`);
  }, 120_000);
});
