// Fuzzing the notice importer with the real notices made messy: random garbage spliced in, cut at random
// points, full- and half-width punctuation swapped, lines duplicated, dropped and joined, runs of one token
// repeated up to 100k characters. importNotice ends in a result or a KitError, quickly; its YAML always parses
// back to exactly the imported data, and loads as a campaign or fails with positioned DataErrors.

import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCampaignFile, parseYamlText } from '../../src/campaign/load.ts';
import { findForbiddenChar } from '../../src/campaign/text.ts';
import { KitError } from '../../src/errors.ts';
import { importNotice, type ImportResult } from '../../src/notice/import-notice.ts';
import { parseSlogans } from '../../src/notice/slogans.ts';
import { campaignToYaml } from '../../src/notice/to-yaml.ts';
import { NOTICES_DIR, readNotice } from '../notice/fixtures.ts';
import { applyNoticeEdit, noticeEdit } from './notice-edits.ts';
import {
  PROPERTY_TIMEOUT, caseStart, expectPositioned, hostileString, isDeepFrozen, params, reportCount, runs, slug, snapshot, timed, validText,
} from './support.ts';

reportCount('notice');

const NOTICES = readdirSync(NOTICES_DIR).filter((f) => f.endsWith('.txt') && !f.includes('slogans')).sort();
const TEXTS = NOTICES.map(readNotice);
const SLOGANS_TEXT = readNotice('2022-national-slogans.txt');

const root = mkdtempSync(path.join(tmpdir(), 'qmkit-fuzz-notice-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const options = fc.record({
  edition: fc.option(fc.oneof({ weight: 4, arbitrary: slug }, { weight: 1, arbitrary: hostileString }), { nil: undefined }),
  slogans: fc.option(fc.array(fc.oneof(validText(40), hostileString), { maxLength: 6 }), { nil: undefined }),
  sourceFile: fc.oneof(fc.constantFrom('notice.txt', '../../etc/passwd', 'C:\\通知\\2024.txt', '/tmp/a b/通知.txt', ''), hostileString),
});

/** The data as it must come back from the YAML: JSON-shaped (undefined keys dropped). */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('importNotice on messy notices', () => {
  it(
    'returns or throws a KitError, quickly; its YAML parses back to the same data and loads or fails with positions',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: TEXTS.length - 1 }),
          fc.array(noticeEdit, { maxLength: 6 }),
          options,
          async (which, edits, opts) => {
            await caseStart();
            const text = edits.reduce(applyNoticeEdit, TEXTS[which]!);
            let result: ImportResult | undefined;
            try {
              result = timed('importNotice', () =>
                importNotice(text, {
                  sourceFile: opts.sourceFile,
                  ...(opts.edition !== undefined ? { edition: opts.edition } : {}),
                  ...(opts.slogans !== undefined ? { slogans: opts.slogans } : {}),
                }),
              );
            } catch (error) {
              if (!(error instanceof KitError)) throw error;
              expect(error.message).toMatch(/\p{Script=Han}/u);
              // Printed to a terminal: no invisible or control character (the message's own line breaks aside).
              expect(findForbiddenChar(error.message.replace(/\n/g, ' '))).toBeUndefined();
              return;
            }
            const { campaign, warnings } = result;
            // Only the file's base name is recorded, never a path.
            expect(campaign.source.file).not.toMatch(/[/\\]/);
            const yaml = timed('campaignToYaml', () => campaignToYaml(campaign, warnings));
            // The YAML is well formed (the loader's size limits aside: a notice of 10,000 names makes a list
            // it refuses), a comment cannot leak into the data, and nothing is lost or added.
            const parsed = timed('parseYamlText', () => parseYamlText(yaml, 'imported.yaml'));
            if (parsed.errors.length) expectPositioned(parsed.errors, { 'imported.yaml': yaml });
            expect(parsed.errors.map((e) => e.problem).filter((p) => p.startsWith('YAML 语法错误'))).toEqual([]);
            expect(parse(yaml)).toEqual(plain(campaign));

            const rel = `campaigns/${campaign.edition}/${campaign.year}.yaml`;
            const file = path.join(root, rel);
            rmSync(path.join(root, 'campaigns'), { recursive: true, force: true });
            mkdirSync(path.dirname(file), { recursive: true });
            writeFileSync(file, yaml, 'utf8');
            const before = snapshot(root);
            const loaded = timed('loadCampaignFile', () => loadCampaignFile(file, root));
            if (loaded.campaign) expect(isDeepFrozen(loaded.campaign)).toBe(true);
            else expectPositioned(loaded.errors, { [rel]: yaml });
            expect(snapshot(root)).toEqual(before);
          },
        ),
        params(runs(0.15, 100)),
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('parseSlogans on a messy slogans file', () => {
  it(
    'returns slogans and warnings, never throws, quickly',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(noticeEdit, { maxLength: 6 }), async (edits) => {
          await caseStart();
          const text = edits.reduce(applyNoticeEdit, SLOGANS_TEXT);
          const warnings: string[] = [];
          const slogans = timed('parseSlogans', () => parseSlogans(text, 'slogans.txt', warnings));
          expect(new Set(slogans).size).toBe(slogans.length);
          for (const s of slogans) expect(s).toBe(s.trim());
        }),
        params(runs(0.02, 20)),
      );
    },
    PROPERTY_TIMEOUT,
  );
});
