import { zipSync, type Zippable } from 'fflate';
import { zipLevel } from '../pack-readme.ts';

/**
 * A deterministic ZIP: entries in the given order, every timestamp the same fixed local date
 * (DOS times carry no zone, so the local components are what gets stored), each entry at its zipLevel.
 */
export function makeZip(entries: ReadonlyArray<{ name: string; bytes: Uint8Array }>, date: Date): Uint8Array {
  const files: Zippable = {};
  for (const { name, bytes } of entries) {
    // Made on Unix (os 3) with the UTF-8 flag fflate sets: Info-ZIP's unzip would otherwise read the Chinese
    // names as an MS-DOS code page. Regular-file permissions 0644.
    files[name] = [bytes, { level: zipLevel(name), mtime: date, os: 3, attrs: (0o100644 << 16) >>> 0 }];
  }
  return zipSync(files, { level: 6, mtime: date });
}

/** The fixed date for generated files: SOURCE_DATE_EPOCH when set, else the given data date (YYYY-MM-DD). */
export function buildDate(dataDate: string): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) {
    const d = new Date(Number(epoch) * 1000);
    return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
  }
  const [y, m, day] = dataDate.split('-').map(Number);
  return new Date(y ?? 1980, (m ?? 1) - 1, day ?? 1, 12, 0, 0);
}
