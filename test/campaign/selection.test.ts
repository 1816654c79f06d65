import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKitData } from '../../src/campaign/load.ts';
import { DataErrors } from '../../src/errors.ts';
import { buildKit } from '../../src/kit/build.ts';
import { tempDir } from '../kit/helpers.ts';

// A build of one edition or year reads only those campaign files (and the parents they extend): an edit of the 2022
// national kit neither waits for nor fails on another edition's or year's file (issue 11).

const DATA = path.resolve(import.meta.dirname, '../../data');

/** The shipped data with national/2020 broken. */
function dataWithBrokenFile(): string {
  const dir = tempDir('qmkit-selection-');
  cpSync(DATA, dir, { recursive: true });
  writeFileSync(path.join(dir, 'campaigns/national/2020.yaml'), 'year: 2020\nedition: national\ntheme: [unclosed\n');
  return dir;
}

describe('loading the selected campaigns', () => {
  it('reads only the files of the chosen edition and year, and the parents they extend', () => {
    const dir = dataWithBrokenFile();
    expect(() => loadKitData(dir, dir)).toThrow(DataErrors);
    expect(loadKitData(dir, dir, { edition: 'national', year: 2022 }).campaigns.map((c) => `${c.edition}/${c.year}`)).toEqual(['national/2022']);
    // Tianjin 2022 extends national 2022: its parent is read too, and only Tianjin is returned.
    const tianjin = loadKitData(dir, dir, { edition: 'tianjin' }).campaigns;
    expect(tianjin.map((c) => `${c.edition}/${c.year}`)).toEqual(['tianjin/2022']);
    expect(tianjin[0]!.slogans).toEqual(loadKitData(DATA, DATA, { edition: 'national', year: 2022 }).campaigns[0]!.slogans);
    expect(loadKitData(dir, dir, { year: 2022 }).campaigns.map((c) => `${c.edition}/${c.year}`).sort()).toEqual(['national/2022', 'tianjin/2022']);
    // The broken file is still reported when it is selected.
    expect(() => loadKitData(dir, dir, { year: 2020 })).toThrow(/national[/\\]2020\.yaml/);
  });

  it('a build of an edition and year that has no file names the ones there are', async () => {
    await expect(buildKit({ dataDir: DATA, outDir: path.join(tempDir('qmkit-selection-out-'), 'out'), edition: 'national', year: 2019, cacheDir: false })).rejects.toThrow(
      '没有符合条件的活动数据（--edition national --year 2019）。现有：national/2020、national/2022、national/2024、tianjin/2022',
    );
  });
});
