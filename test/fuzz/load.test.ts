// Fuzzing the data loader: campaigns with one field made wrong, and YAML documents no tool would write.
// Every load ends in a valid frozen model or in DataErrors that point at file:line:col — never a raw
// exception, never a hang (each load < 2 s), and nothing is written.

import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCampaignFile, loadKitData, parseYamlText } from '../../src/campaign/load.ts';
import { findForbiddenChar, normaliseText } from '../../src/campaign/text.ts';
import type { KitData } from '../../src/campaign/model.ts';
import {
  DELETE, DataDir, PROPERTY_TIMEOUT, aliasBomb, aliasFloodDoc, applyEdit, bombDoc, caseStart, deepDoc, deepYaml,
  expectDataErrors, expectPositioned, forbiddenChar, getAt, hostileString, hugeString, isDeepFrozen, oddYamlDoc, params,
  pathsOf, reportCount, runs, setAt, snapshot, stringsIn, textEdit, timed, validCampaign, wideDoc, wrongValue,
  codeUnitString, serialise, serializer, type CampaignDoc,
} from './support.ts';

reportCount('load');

const SITE = 'title: 全国“质量月”宣传套件\nbaseUrl: https://example.gov.cn/zlgy/\n';
const data = new DataDir(SITE);

interface Loaded {
  parseErrors: number;
  errors: readonly unknown[];
  kit?: KitData;
}

/**
 * Writes `text` as campaigns/<edition>/<year>.yaml next to a valid site.yaml and loads it three ways:
 * parseYamlText on the string, loadCampaignFile and loadKitData on the folder.
 */
function loadEveryWay(text: string, edition: string, year: number | string, site = SITE): Loaded {
  const rel = data.writeCampaign(text, edition, year, site);
  const files = { [rel]: text, 'site.yaml': site };
  const before = snapshot(data.root);

  const parsed = timed('parseYamlText', () => parseYamlText(text, rel));
  if (parsed.errors.length) expectPositioned(parsed.errors, files);

  const one = timed('loadCampaignFile', () => loadCampaignFile(path.join(data.root, rel), data.root));
  if (one.campaign) {
    expect(one.errors).toEqual([]);
    expect(isDeepFrozen(one.campaign)).toBe(true);
  } else expectPositioned(one.errors, files);

  let kit: KitData | undefined;
  let errors: readonly unknown[] = [];
  try {
    kit = timed('loadKitData', () => loadKitData(data.root, data.root));
  } catch (thrown) {
    expectDataErrors(thrown, files);
    errors = (thrown as { errors: readonly unknown[] }).errors;
  }
  if (kit) {
    expect(isDeepFrozen(kit)).toBe(true);
    expect(kit.campaigns).toHaveLength(1);
    for (const s of stringsIn(kit)) {
      expect(normaliseText(s)).toBe(s);
      expect(findForbiddenChar(s)).toBeUndefined();
    }
  }
  expect(snapshot(data.root)).toEqual(before);
  return { parseErrors: parsed.errors.length, errors, ...(kit ? { kit } : {}) };
}

const PLACEHOLDER = 'QMKITRAWPLACEHOLDER';

type Mutation =
  | { kind: 'set'; value: unknown }
  | { kind: 'delete' }
  | { kind: 'unknown-key'; key: string }
  | { kind: 'forbidden'; char: string; at: number }
  | { kind: 'raw'; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: wrongValue.map((value) => ({ kind: 'set' as const, value })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'delete' as const }) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(hostileString, fc.constantFrom('colour', 'Title', 'slogan', 'sloganz', 'titel', 'detial', 'ulr', '__proto__', 'constructor', 'year ', '年份'))
      .map((key) => ({ kind: 'unknown-key' as const, key })),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('forbidden' as const), char: forbiddenChar, at: fc.nat() }) },
  { weight: 1, arbitrary: hugeString.map((value) => ({ kind: 'set' as const, value })) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.constantFrom(33, 1000, 10_000, 100_000).map((d) => deepYaml('flow-seq', d)),
        fc.constantFrom(33, 1000, 10_000).map((d) => deepYaml('flow-map', d)),
        fc.tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 10 })).map(([l, w]) => aliasBomb(l, w, true).replace(/^slogans: /, '').trim()),
      )
      .map((text) => ({ kind: 'raw' as const, text })),
  },
);

function mutate(doc: CampaignDoc, pick: number, m: Mutation): unknown {
  const paths = pathsOf(doc);
  const p = paths[pick % paths.length]!;
  switch (m.kind) {
    case 'set':
      return setAt(doc, p, m.value);
    case 'delete':
      return setAt(doc, p, DELETE);
    case 'raw':
      return setAt(doc, p, PLACEHOLDER);
    case 'forbidden': {
      const current = getAt(doc, p);
      const text = typeof current === 'string' ? current : '质量';
      const chars = [...text];
      const at = m.at % (chars.length + 1);
      return setAt(doc, p, [...chars.slice(0, at), m.char, ...chars.slice(at)].join(''));
    }
    case 'unknown-key': {
      // Into the object at the path (or its parent object), or at the top.
      const objectPath = [...p];
      let target = getAt(doc, objectPath);
      while (objectPath.length && (target === null || typeof target !== 'object' || Array.isArray(target))) {
        objectPath.pop();
        target = getAt(doc, objectPath);
      }
      return setAt(doc, [...objectPath, m.key], '质量');
    }
  }
}

describe('a campaign with one field made wrong', () => {
  it(
    'loads as a frozen model or fails with positioned DataErrors, quickly, writing nothing',
    async () => {
      await fc.assert(
        fc.asyncProperty(validCampaign, fc.nat(), mutation, serializer, async (doc, pick, m, s) => {
          await caseStart();
          let text = serialise(mutate(doc, pick, m), s);
          if (m.kind === 'raw') text = text.replace(new RegExp(`"?${PLACEHOLDER}"?`), m.text);
          loadEveryWay(text, doc.edition, doc.year);
        }),
        params(runs(0.35, 150)),
      );
    },
    PROPERTY_TIMEOUT,
  );
});

const rawDocument: fc.Arbitrary<{ text: string; edition: string; year: number }> = fc.oneof(
  { weight: 2, arbitrary: deepDoc.map((text) => ({ text, edition: 'national', year: 2024 })) },
  { weight: 1, arbitrary: bombDoc.map((text) => ({ text, edition: 'national', year: 2024 })) },
  { weight: 1, arbitrary: aliasFloodDoc.map((text) => ({ text, edition: 'national', year: 2024 })) },
  { weight: 1, arbitrary: wideDoc.map((text) => ({ text, edition: 'national', year: 2024 })) },
  { weight: 1, arbitrary: oddYamlDoc.map((text) => ({ text, edition: 'national', year: 2024 })) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }).map((text) => ({ text, edition: 'national', year: 2024 })) },
  { weight: 1, arbitrary: codeUnitString.map((text) => ({ text: `theme: ${text}\n${text}: 1`, edition: 'national', year: 2024 })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(1024 * 1024 + 1, 1_500_000).map((n) => ({ text: `theme: ${'质'.repeat(Math.ceil(n / 3))}\n`, edition: 'national', year: 2024 })),
  },
  {
    weight: 8,
    arbitrary: fc
      .tuple(validCampaign, serializer, fc.array(textEdit, { minLength: 1, maxLength: 4 }))
      .map(([doc, s, edits]) => ({ text: edits.reduce(applyEdit, serialise(doc, s)), edition: doc.edition, year: doc.year })),
  },
);

describe('YAML documents no tool would write', () => {
  it(
    'load as a frozen model or fail with positioned DataErrors, quickly, writing nothing',
    async () => {
      await fc.assert(
        fc.asyncProperty(rawDocument, async ({ text, edition, year }) => {
          await caseStart();
          loadEveryWay(text, edition, year);
        }),
        params(runs(0.25, 120)),
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('a site.yaml made wrong', () => {
  const siteDoc = fc.record({
    title: fc.oneof(fc.constant('全国“质量月”宣传套件'), wrongValue),
    baseUrl: fc.oneof(fc.constant('https://example.gov.cn/zlgy/'), wrongValue, fc.webUrl()),
    pathPrefix: fc.oneof(fc.constant('/'), wrongValue),
    defaultEdition: fc.oneof(fc.constant('national'), wrongValue),
  }, { requiredKeys: [] });
  it(
    'loads or fails with positioned DataErrors',
    async () => {
      await fc.assert(
        fc.asyncProperty(validCampaign, siteDoc, fc.option(fc.tuple(hostileString, wrongValue)), serializer, async (doc, site, extra, s) => {
          await caseStart();
          const siteText = serialise(extra === null ? site : { ...site, [extra[0]]: extra[1] }, s);
          loadEveryWay(serialise(doc, { ...s, kind: 'yaml' }), doc.edition, doc.year, siteText);
        }),
        params(runs(0.03, 30)),
      );
    },
    PROPERTY_TIMEOUT,
  );
});
