import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Copies of the real notices from /work/shared/notices, kept with the tests so they run anywhere. */
export const NOTICES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'notices');

export function readNotice(name: string): string {
  return readFileSync(path.join(NOTICES_DIR, name), 'utf8');
}

/** Writes YAML to <tmp>/campaigns/<edition>/<year>.yaml and returns the file's path. */
export function writeCampaign(yaml: string, edition: string, year: number | string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qmkit-notice-'));
  const file = path.join(dir, 'campaigns', edition, `${year}.yaml`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, yaml, 'utf8');
  return file;
}
