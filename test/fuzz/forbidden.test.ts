// A forbidden character — zero-width, bidi control, C0/C1 control, NUL, lone surrogate — anywhere in any text
// of a campaign or of site.yaml is rejected, with a message that names the field and the character's U+ code.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCampaignFile, loadSiteFile } from '../../src/campaign/load.ts';
import { codePointLabel } from '../../src/campaign/text.ts';
import {
  PROPERTY_TIMEOUT, caseStart, expectPositioned, fieldLabel, forbiddenChar, getAt, params, pathsOf, reportCount, runs, serialise,
  serializer, setAt, timed, validCampaign,
} from './support.ts';

reportCount('forbidden');

const root = mkdtempSync(path.join(tmpdir(), 'qmkit-fuzz-forbidden-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The string fields of a document (every text, and the slug, date and URL, which must reject them too). */
const textPaths = (doc: unknown) => pathsOf(doc).filter((p) => typeof getAt(doc, p) === 'string');

function insert(text: string, char: string, at: number): string {
  const chars = [...text];
  const i = at % (chars.length + 1);
  return [...chars.slice(0, i), char, ...chars.slice(i)].join('');
}

describe('a forbidden character in a campaign', () => {
  it(
    'is rejected with the field path and its U+ code',
    async () => {
      await fc.assert(
        fc.asyncProperty(validCampaign, fc.nat(), forbiddenChar, fc.nat(), serializer, async (doc, pick, char, at, s) => {
          await caseStart();
          const paths = textPaths(doc);
          const p = paths[pick % paths.length]!;
          const text = serialise(setAt(doc, p, insert(getAt(doc, p) as string, char, at)), s);
          const rel = `campaigns/${doc.edition}/${doc.year}.yaml`;
          const file = path.join(root, rel);
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(file, text, 'utf8');
          const { campaign, errors } = timed('loadCampaignFile', () => loadCampaignFile(file, root));
          rmSync(path.join(root, 'campaigns'), { recursive: true, force: true });
          expect(campaign).toBeUndefined();
          expectPositioned(errors, { [rel]: text });
          const code = codePointLabel(char.codePointAt(0)!);
          const label = fieldLabel(p);
          expect(
            errors.some((e) => e.field === label && e.message.includes(code)),
            `no error names ${label} and ${code}:\n${errors.map((e) => e.message).join('\n')}`,
          ).toBe(true);
        }),
        params(runs(0.1, 80)),
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('a forbidden character in site.yaml', () => {
  it(
    'is rejected with the field and its U+ code',
    async () => {
      await fc.assert(
        fc.asyncProperty(forbiddenChar, fc.nat(), serializer, async (char, at, s) => {
          await caseStart();
          const text = serialise({ title: insert('全国“质量月”宣传套件', char, at), baseUrl: 'https://example.gov.cn/zlgy/' }, s);
          const file = path.join(root, 'site.yaml');
          writeFileSync(file, text, 'utf8');
          const { site, errors } = timed('loadSiteFile', () => loadSiteFile(file, root));
          expect(site).toBeUndefined();
          expectPositioned(errors, { 'site.yaml': text });
          const code = codePointLabel(char.codePointAt(0)!);
          expect(errors.some((e) => e.field === 'title' && e.message.includes(code)), errors.map((e) => e.message).join('\n')).toBe(true);
        }),
        params(runs(0.01, 20)),
      );
    },
    PROPERTY_TIMEOUT,
  );
});
