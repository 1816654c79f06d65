// Valid campaigns, however they are written, load as their normalised model: NFC, one ASCII space for every
// run of spaces (the ideographic space U+3000 included), no forbidden character; a BOM and CRLF change nothing.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCampaignFile } from '../../src/campaign/load.ts';
import type { Campaign } from '../../src/campaign/model.ts';
import { findForbiddenChar, normaliseText } from '../../src/campaign/text.ts';
import {
  PROPERTY_TIMEOUT, SPACES, caseStart, expectedModel, isDeepFrozen, params, reportCount, runs, serialise, serializer, stringsIn, timed,
  validCampaign,
  type CampaignDoc,
} from './support.ts';

reportCount('normalise');

const root = mkdtempSync(path.join(tmpdir(), 'qmkit-fuzz-normalise-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function load(text: string, doc: CampaignDoc, name = 'a'): { campaign?: Campaign; errors: readonly { message: string }[] } {
  const file = path.join(root, name, 'campaigns', doc.edition, `${doc.year}.yaml`);
  rmSync(path.join(root, name), { recursive: true, force: true });
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text, 'utf8');
  return timed('loadCampaignFile', () => loadCampaignFile(file, path.join(root, name)));
}

function expectLoads(text: string, doc: CampaignDoc, name?: string): Campaign {
  const { campaign, errors } = load(text, doc, name);
  expect(errors.map((e) => e.message)).toEqual([]);
  return campaign!;
}

describe('a valid campaign', () => {
  it(
    'loads as its normalised model, frozen, every string normalised and free of forbidden characters',
    async () => {
      await fc.assert(
        fc.asyncProperty(validCampaign, serializer, async (doc, s) => {
          await caseStart();
          const campaign = expectLoads(serialise(doc, s), doc);
          expect(campaign).toEqual(expectedModel(doc));
          expect(isDeepFrozen(campaign)).toBe(true);
          for (const text of stringsIn(campaign)) {
            expect(normaliseText(text)).toBe(text);
            expect(findForbiddenChar(text)).toBeUndefined();
            expect(text).not.toMatch(/\s\s|^\s|\s$|[\u3000\t\r\n\u00a0]/);
          }
        }),
        params(runs(0.1, 60)),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'loads the same from a file with a BOM and CRLF line ends as from the clean file',
    async () => {
      await fc.assert(
        fc.asyncProperty(validCampaign, serializer, fc.boolean(), async (doc, s, bom) => {
          await caseStart();
          const text = serialise(doc, s);
          const clean = expectLoads(text, doc, 'clean');
          const messy = expectLoads(`${bom ? '\ufeff' : ''}${text.replace(/\n/g, '\r\n')}`, doc, 'messy');
          expect(messy).toEqual(clean);
        }),
        params(runs(0.05, 40)),
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('the break between a slogan’s halves', () => {
  // Halves without any space, in characters NFC leaves alone.
  const half = fc
    .array(
      fc.oneof(
        fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((cp) => String.fromCodePoint(cp)),
        fc.integer({ min: 0x20000, max: 0x2a6df }).map((cp) => String.fromCodePoint(cp)),
        fc.constantFrom('，', '、', '“', '”', 'A', '1', '🧧'),
      ),
      { minLength: 1, maxLength: 12 },
    )
    .map((a) => a.join(''));
  const gap = fc.array(fc.constantFrom(...SPACES), { minLength: 1, maxLength: 3 }).map((a) => a.join(''));
  const edge = fc.array(fc.constantFrom(...SPACES), { maxLength: 2 }).map((a) => a.join(''));

  it(
    'is exactly one ASCII space, whatever run of spaces (U+3000, NBSP, tabs) was written',
    async () => {
      await fc.assert(
        fc.asyncProperty(validCampaign, half, gap, half, edge, edge, serializer, async (doc, a, sep, b, lead, trail, s) => {
          await caseStart();
          const slogan = `${lead}${a}${sep}${b}${trail}`;
          const theme = `${a}${sep}${b}`;
          const campaign = expectLoads(serialise({ ...doc, theme, slogans: [slogan] }, s), doc);
          expect(campaign.slogans).toEqual([`${a} ${b}`]);
          expect(campaign.theme).toBe(`${a} ${b}`);
        }),
        params(runs(0.05, 40)),
      );
    },
    PROPERTY_TIMEOUT,
  );
});
